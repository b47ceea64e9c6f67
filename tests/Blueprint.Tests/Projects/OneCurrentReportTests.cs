using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>The database itself keeps one current report per project and month.</summary>
public sealed class OneCurrentReportTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_second_current_report_for_a_month_is_refused_by_the_database(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var project = (await ExcelFiles.ProjectsOnPlanAsync(app, $"OC{(int)provider}-", 1, 2077)).Single();
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        ProgressReport Report(bool current) => new()
        {
            KeyProjectId = project.Id,
            UnitId = project.UnitId,
            Year = 2077,
            Month = 7,
            IsCurrent = current,
            RecordedAtUtc = TimeProvider.System.GetUtcNow().UtcDateTime,
        };

        // Superseded rows of the same month are history and may be many; current ones may not.
        db.AddRange(Report(current: false), Report(current: false), Report(current: true));
        await db.SaveChangesAsync(ct);
        db.Add(Report(current: true));
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
        Assert.True(error.IsUniqueViolation());
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Reporters_saving_the_same_month_at_once_leave_one_current_report_and_no_server_error(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var project = (await ExcelFiles.ProjectsOnPlanAsync(app, $"OR{(int)provider}-", 1, 2077)).Single();
        await TestWindows.EnsureOpenAsync(app, 2077, 8);
        var clients = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.LoginAsync("anyue.reporter")));
        var input = new ProgressReportInput(project.Id, 2077, 8, 1_000_000, 1_000_000, 1_000_000, "同时填报", null, null, 0);

        var responses = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync("/api/progress-reports", input, ct)));

        // One wins; the others are told it exists (400 when they saw it, 409 when they raced it).
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Contains(s, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Conflict }));
        Assert.Equal(1, await ExcelFiles.CountAsync<ProgressReport>(app, q => q.Where(r => r.KeyProjectId == project.Id && r.IsCurrent)));
    }
}
