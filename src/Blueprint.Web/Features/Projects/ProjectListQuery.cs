using System.Globalization;
using Blueprint.Web.Features.Figures;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// The filters, sort and page of the project library, as they travel in the query string. The
/// page, its paging and sorting links and the xlsx export all read and write this one shape, so
/// the export is exactly what the list shows.
/// </summary>
public sealed record ProjectListQuery
{
    public static readonly int[] PageSizes = [10, 20, 50, 100];

    /// <summary>Restricts the list to projects on this year's plan; also the year of the plan columns and the light.</summary>
    public int? Year { get; init; }

    /// <summary>The month whose end the completion rate and light describe (default: see <see cref="ProjectFigures.DefaultMonth"/>).</summary>
    public int? Month { get; init; }
    public ProjectCategory? Category { get; init; }
    public PlanType? PlanType { get; init; }
    public ProjectStage? Stage { get; init; }

    /// <summary>The unit and every unit below it.</summary>
    public int? UnitId { get; init; }
    public string? Chain { get; init; }
    public ChainLink? Link { get; init; }
    public string? Leader { get; init; }
    public StatusLight? Light { get; init; }
    public string? Q { get; init; }
    public bool Archived { get; init; }
    public string Sort { get; init; } = "code";
    public bool Desc { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    public static ProjectListQuery From(IQueryCollection query)
    {
        string? Text(string name) => query[name] is var v && !StringValues.IsNullOrEmpty(v) && !string.IsNullOrWhiteSpace(v[0]) ? v[0]!.Trim() : null;
        int? Int(string name) => int.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
        T? Enum<T>(string name) where T : struct, Enum =>
            System.Enum.TryParse<T>(Text(name), ignoreCase: true, out var e) && System.Enum.IsDefined(e) ? e : null;

        return new ProjectListQuery
        {
            Year = Int("year") is >= 2000 and <= 2100 and var y ? y : null,
            Month = Int("month") is >= 1 and <= 12 and var m ? m : null,
            Category = Enum<ProjectCategory>("category"),
            PlanType = Enum<PlanType>("planType"),
            Stage = Enum<ProjectStage>("stage"),
            UnitId = Int("unitId"),
            Chain = Text("chain"),
            Link = Enum<ChainLink>("link"),
            Leader = Text("leader"),
            Light = Enum<StatusLight>("light"),
            Q = Text("q"),
            Archived = Text("archived") is "true" or "on",
            Sort = Text("sort") is { } s && ProjectList.SortKeys.Contains(s) ? s : "code",
            Desc = Text("desc") is "true",
            Page = Math.Max(1, Int("page") ?? 1),
            PageSize = Int("pageSize") is { } size && PageSizes.Contains(size) ? size : 20,
        };
    }

    /// <summary>The query string of these filters, for links and the export ("?year=2023&amp;…").</summary>
    public string ToQueryString(bool withPaging = true)
    {
        var values = new Dictionary<string, string?>
        {
            ["year"] = Year?.ToString(CultureInfo.InvariantCulture),
            ["month"] = Month?.ToString(CultureInfo.InvariantCulture),
            ["category"] = Category?.ToString(),
            ["planType"] = PlanType?.ToString(),
            ["stage"] = Stage?.ToString(),
            ["unitId"] = UnitId?.ToString(CultureInfo.InvariantCulture),
            ["chain"] = Chain,
            ["link"] = Link?.ToString(),
            ["leader"] = Leader,
            ["light"] = Light?.ToString(),
            ["q"] = Q,
            ["archived"] = Archived ? "true" : null,
            ["sort"] = Sort == "code" ? null : Sort,
            ["desc"] = Desc ? "true" : null,
            ["page"] = withPaging && Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null,
            ["pageSize"] = withPaging && PageSize != 20 ? PageSize.ToString(CultureInfo.InvariantCulture) : null,
        };
        return QueryHelpers.AddQueryString("", values.Where(v => v.Value is not null)!);
    }
}
