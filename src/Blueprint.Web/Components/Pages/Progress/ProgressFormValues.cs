namespace Blueprint.Web.Components.Pages.Progress;

/// <summary>What the phone form posts: money as typed, in 万元, converted to 元 on the server.</summary>
public sealed class ProgressFormValues
{
    public string? ThisMonth { get; set; }

    public string? YearToDate { get; set; }

    public string? SinceStart { get; set; }

    public string? Physical { get; set; }

    public string? Nodes { get; set; }

    public string? Problems { get; set; }

    public string? Reason { get; set; }

    /// <summary>情况说明 of the figure warnings.</summary>
    public string? Explanation { get; set; }

    public string? Action { get; set; }

    public int Version { get; set; }
}

public sealed class ProgressActionValues
{
    public int Version { get; set; }

    public string? Comment { get; set; }
}
