using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Excel;

/// <summary>Large progress imports are written with multi-row inserts, and are still all or nothing and fully audited.</summary>
public sealed class ChunkedImportTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_bulk_progress_save_is_all_or_nothing_and_audits_every_row_in_the_chain(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        // More rows than one statement takes (30,000 parameters ÷ 21 columns), so several statements run.
        const int Count = 3_000;
        var projects = await ExcelFiles.ProjectsOnPlanAsync(app, $"CK{(int)provider}-", Count, 2078);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        ProgressReport Report(KeyProject p) => new()
        {
            KeyProjectId = p.Id,
            UnitId = p.UnitId,
            Year = 2078,
            Month = 1,
            Status = SubmissionStatus.Draft,
            InvestmentThisMonth = 1,
            InvestmentYearToDate = 2,
            InvestmentSinceStart = 3,
            PhysicalProgress = $"主体施工 {p.Code}",
            RecordedAtUtc = now,
        };
        var importer = new ExcelImporter(db, scope.ServiceProvider.GetRequiredService<Blueprint.Web.Infrastructure.CurrentUser>(), TimeProvider.System,
            scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Blueprint.Web.SharedResource>>(), new Blueprint.Web.Infrastructure.XlsxUploadOptions());
        var ids = projects.Select(p => p.Id).ToList();
        // Someone else reports the last project's month between our checks and our insert: the
        // one-current-report index refuses the last statement, and every statement before it is
        // rolled back with it.
        var rival = Report(projects[^1]);
        db.Add(rival);
        await db.SaveChangesAsync(ct);
        // Other tests write audit records meanwhile: count only the inserts of these rows.
        var marker = $"主体施工 CK{(int)provider}-";
        Task<int> OurInsertAuditsAsync() => db.Set<AuditRecord>().CountAsync(a => a.Entity == nameof(ProgressReport) && a.Action == "Insert" && a.After!.Contains(marker), ct);
        Assert.Equal(1, await OurInsertAuditsAsync());
        Assert.False(await importer.BulkSaveAsync([.. projects.Select(Report)], ct));
        Assert.Equal(rival.Id, (await db.Set<ProgressReport>().SingleAsync(r => ids.Contains(r.KeyProjectId), ct)).Id);
        Assert.Equal(1, await OurInsertAuditsAsync());

        db.Remove(rival);
        await db.SaveChangesAsync(ct);
        var rows = projects.Select(Report).ToList();
        Assert.True(await importer.BulkSaveAsync(rows, ct));

        // Every row is in with its generated id set on the object, and its own audit record.
        var stored = await db.Set<ProgressReport>().AsNoTracking().Where(r => ids.Contains(r.KeyProjectId)).ToListAsync(ct);
        Assert.Equal(Count, stored.Count);
        Assert.All(rows, r => Assert.Equal(r.KeyProjectId, stored.Single(s => s.Id == r.Id).KeyProjectId));
        Assert.All(stored, s => Assert.Equal(new DateTime(now.Ticks, DateTimeKind.Utc), s.RecordedAtUtc, TimeSpan.FromMilliseconds(1)));
        Assert.Equal($"主体施工 {projects[^1].Code}", stored.Single(s => s.KeyProjectId == projects[^1].Id).PhysicalProgress);
        var key = rows[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var audit = await db.Set<AuditRecord>().SingleAsync(a => a.Entity == nameof(ProgressReport) && a.EntityKey == key, ct);
        Assert.Equal("Insert", audit.Action);
        Assert.Contains($"主体施工 {projects[^1].Code}", audit.After, StringComparison.Ordinal);
        Assert.Equal(1 + Count, await OurInsertAuditsAsync());
        Assert.True((await AuditVerifier.VerifyAsync(db, ct)).IsValid);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_sheet_of_wrong_rows_counts_every_error_and_lists_the_first_ten_thousand(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        const int Count = 12_000;
        var tag = $"CW{(int)provider}{Guid.NewGuid():N}"[..10];
        var rows = Enumerable.Range(0, Count).Select(i => new Dictionary<string, object?>
        {
            [ProgressSheet.Year] = 2078,
            [ProgressSheet.Month] = 2,
            [ProgressSheet.Code] = $"{tag}-{i:00000}",
            [ProgressSheet.ThisMonth] = 1,
            [ProgressSheet.YearToDate] = 2,
            [ProgressSheet.SinceStart] = 3,
        });
        var reporter = await app.LoginAsync("anyue.reporter");
        var response = await ExcelFiles.UploadAsync(reporter, "/api/imports/progress", ExcelFiles.Workbook(ProgressSheet.SheetName, rows));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var listed = json.RootElement.GetProperty("rowErrors");
        Assert.Equal(Blueprint.Web.Infrastructure.ImportErrors.MaxListed, listed.GetArrayLength());
        Assert.True(json.RootElement.GetProperty("rowErrorsTotal").GetInt32() >= Count);
        // Every wrong row is counted in the title, listed or not.
        Assert.Contains($"{Count} 行", json.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await ExcelFiles.CountAsync<ProgressReport>(app, q => q.Where(r => r.Year == 2078 && r.Month == 2 && r.KeyProject!.Code.StartsWith(tag))));

        // The xlsx report says that it lists only the first ones.
        var errors = new Blueprint.Web.Infrastructure.ImportErrors(app.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Blueprint.Web.SharedResource>>());
        for (var i = 0; i < Count; i++)
        {
            errors.Add(i + 2, ProgressSheet.Code, $"X{i}", "Import.ProjectUnknown");
        }

        Assert.Equal((Blueprint.Web.Infrastructure.ImportErrors.MaxListed, Count, Count), (errors.Items.Count, errors.Total, errors.RowCount));
        var report = await errors.ToXlsxAsync(ct);
        Assert.Equal(Blueprint.Web.Infrastructure.ImportErrors.MaxListed, ExcelFiles.Read(report).Count);
        Assert.Contains("12000", ExcelFiles.Title(report), StringComparison.Ordinal);
    }
}
