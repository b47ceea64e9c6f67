using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Excel;

/// <summary>Large progress imports are saved in chunks, and still all or nothing.</summary>
public sealed class ChunkedImportTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_failure_in_a_later_chunk_rolls_back_the_chunks_already_saved(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var projects = await ExcelFiles.ProjectsOnPlanAsync(app, $"CK{(int)provider}-", ExcelImporter.ChunkSize + 1, 2078);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var auditBefore = await db.Set<AuditRecord>().CountAsync(ct);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        ProgressReport Report(KeyProject p) => new()
        {
            KeyProjectId = p.Id,
            UnitId = p.UnitId,
            Year = 2078,
            Month = 1,
            InvestmentThisMonth = 1,
            InvestmentYearToDate = 1,
            InvestmentSinceStart = 1,
            RecordedAtUtc = now,
        };

        // The first chunk is fine; the second repeats the first row's project-month, which the
        // one-current-report index refuses only when the second chunk is saved.
        List<object> records = [.. projects.Take(ExcelImporter.ChunkSize).Select(Report), Report(projects[0])];
        var importer = new ExcelImporter(db, scope.ServiceProvider.GetRequiredService<Blueprint.Web.Infrastructure.CurrentUser>(), TimeProvider.System,
            scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Blueprint.Web.SharedResource>>(), new Blueprint.Web.Infrastructure.XlsxUploadOptions());

        Assert.False(await importer.SaveAllAsync(records, independent: true, ct));
        var ids = projects.Select(p => p.Id).ToList();
        Assert.Equal(0, await db.Set<ProgressReport>().CountAsync(r => ids.Contains(r.KeyProjectId), ct));
        Assert.Equal(auditBefore, await db.Set<AuditRecord>().CountAsync(ct));

        // The same rows without the repeat all go in, each with its audit record.
        records.RemoveAt(records.Count - 1);
        Assert.True(await importer.SaveAllAsync([.. records, Report(projects[^1])], independent: true, ct));
        Assert.Equal(ExcelImporter.ChunkSize + 1, await db.Set<ProgressReport>().CountAsync(r => ids.Contains(r.KeyProjectId), ct));
        Assert.True(await db.Set<AuditRecord>().CountAsync(ct) >= auditBefore + ExcelImporter.ChunkSize + 1);
    }
}
