using Blueprint.Web.Features.Projects;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    /// <summary>
    /// The reporting windows of the conference year and the running year that have opened by the
    /// seed day (each on the first of the next month, due on its 10th): the months before the open
    /// month were accepted and closed on their due day; the open month is still open, so its
    /// drafts can be finished on /progress; last month's window, if younger, is open and empty.
    /// </summary>
    private async Task<string> SeedReportingWindowsAsync()
    {
        var office = ProjectOffice;
        var windows = new[] { Calendar.ConferenceYear, Calendar.RunningYear }
            .SelectMany(year => Enumerable.Range(1, 12).Select(month => (Year: year, Month: month)))
            .Where(m => Calendar.HasWindow(m.Year, m.Month))
            .Select(m =>
            {
                var (opens, due) = DemoCalendar.WindowDays(m.Year, m.Month);
                var closed = Calendar.IsAccepted(m.Year, m.Month);
                return new ReportingWindow
                {
                    Year = m.Year,
                    Month = m.Month,
                    OpensOn = opens,
                    DueOn = due,
                    ClosedAtUtc = closed ? Utc(due.Year, due.Month, due.Day, 10) : null,
                    ClosedById = closed ? office : null,
                };
            }).ToList();
        db.AddRange(windows);
        await db.SaveChangesAsync();
        var open = windows.Where(w => w.ClosedAtUtc is null).Select(w => $"{w.Year}-{w.Month:00}");
        return $"{windows.Count} reporting windows ({string.Join(", ", open)} open)";
    }
}
