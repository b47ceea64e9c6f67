using Blueprint.Web.Features.Projects;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    /// <summary>
    /// The 2023 reporting windows: January to November were accepted and closed on the 10th of
    /// the next month; December is still open, so its drafts can be finished on /progress.
    /// </summary>
    private async Task<string> SeedReportingWindowsAsync()
    {
        var office = ProjectOffice;
        var windows = Enumerable.Range(1, 12).Select(month =>
        {
            var opens = new DateOnly(2023, month, 1).AddMonths(1);
            return new ReportingWindow
            {
                Year = 2023,
                Month = month,
                OpensOn = opens,
                DueOn = opens.AddDays(9),
                ClosedAtUtc = month < 12 ? Utc(opens.Year, opens.Month, 10, 10) : null,
                ClosedById = month < 12 ? office : null,
            };
        }).ToList();
        db.AddRange(windows);
        await db.SaveChangesAsync();
        return $"{windows.Count} reporting windows (December open)";
    }
}
