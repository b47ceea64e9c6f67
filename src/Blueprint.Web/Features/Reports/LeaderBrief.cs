using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Web.Features.Reports;

/// <summary>The year's indicators by light as the indicator list counts them, and the first red ones.</summary>
public sealed record BriefIndicators(int Total, int Green, int Yellow, int Red, IReadOnlyList<IndicatorRow> RedRows)
{
    public int NoData => Total - Green - Yellow - Red;
}

/// <summary>
/// The one-page leader's brief (领导简报) of a month: headline figures of projects, indicators,
/// supervision and problems, and the few items most in need of a leader's attention.
/// </summary>
public sealed record LeaderBrief(int Year, int Month, DateOnly Today, BulletinReport Projects, BriefIndicators Indicators, SupervisionBulletinReport Supervision)
{
    /// <summary>How many items each attention list names: five a list keeps the brief on one page.</summary>
    public const int TopShown = 5;

    public IReadOnlyList<LaggingProject> TopLagging => [.. Projects.Lagging.Take(TopShown)];

    public IReadOnlyList<SupervisionBulletinRedItem> TopOverdue => [.. Supervision.RedItems.Take(TopShown)];

    public int OverdueProblems => Projects.OpenProblems.Count(p => p.IsOverdue);

    /// <summary>
    /// Composes the brief from each feature's own module, never re-deriving a figure: the
    /// monthly bulletin (<see cref="BulletinReport"/>), the indicator list as of the month's end
    /// (<see cref="IndicatorList"/>, one count per light, exactly what its light filter lists) and
    /// the supervision bulletin from January 1 to the month's end (<see cref="SupervisionBulletin"/>).
    /// </summary>
    public static async Task<LeaderBrief> LoadAsync(BlueprintDb db, int year, int month, TimeProvider clock, CancellationToken ct = default)
    {
        var projects = await BulletinReport.LoadAsync(db, new BulletinQuery(year, month), clock, ct);

        async Task<Page<IndicatorRow>> Indicators(StatusLight? light, int pageSize) =>
            (await IndicatorList.LoadAsync(db, new IndicatorListQuery { Year = year, AsOfYear = year, AsOfMonth = month, Light = light, PageSize = pageSize }, clock, ct)).Page;
        var red = await Indicators(StatusLight.Red, TopShown);
        var indicators = new BriefIndicators(
            (await Indicators(null, 1)).Total, (await Indicators(StatusLight.Green, 1)).Total, (await Indicators(StatusLight.Yellow, 1)).Total, red.Total, red.Items);

        var today = SupervisionBulletin.Today(clock);
        var supervision = await SupervisionBulletin.ComputeAsync(db, new DateOnly(year, 1, 1), new DateOnly(year, month, 1).AddMonths(1).AddDays(-1), today, ct);
        return new LeaderBrief(year, month, today, projects, indicators, supervision);
    }
}
