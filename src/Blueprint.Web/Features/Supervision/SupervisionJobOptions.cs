namespace Blueprint.Web.Features.Supervision;

/// <summary>Settings of the supervision job (section Blueprint:Supervision). Every node must share them.</summary>
public sealed class SupervisionJobOptions
{
    public const string Section = "Blueprint:Supervision";

    /// <summary>How often the job ticks; also the size of a tick slot, so all nodes must agree on it.</summary>
    public TimeSpan JobInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many days before a feedback falls due the lead unit is reminded.</summary>
    public int ReminderDays { get; set; } = 2;

    /// <summary>
    /// Whether the job runs in this process. Null means "yes, except in the Testing environment",
    /// where tests call <see cref="SupervisionJob.TickAsync"/> themselves with a moved clock.
    /// </summary>
    public bool? JobEnabled { get; set; }
}
