using System.Net;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;

namespace Blueprint.Tests.Projects;

/// <summary>
/// The pages that pick a month render on both databases. On PostgreSQL Blazor renders once while
/// the page still awaits the database, before the month is known; SQLite hid that (it answers
/// synchronously), so the bulletin page once failed only on PostgreSQL.
/// </summary>
public sealed class MonthPagesTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Bulletin_progress_and_cockpit_pages_render_for_the_default_and_a_chosen_month(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        foreach (var (path, marker) in new[]
        {
            ("/reports/bulletin", "bulletin-title"), ("/reports/bulletin?year=2023&month=6", "bulletin-title"),
            ("/progress", "<h1"), ("/progress?year=2023&month=6", "<h1"),
            ("/cockpit", "<h1"), ("/cockpit?year=2023&month=6", "<h1"),
        })
        {
            var response = await office.GetAsync(path, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Contains(marker, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
    }
}
