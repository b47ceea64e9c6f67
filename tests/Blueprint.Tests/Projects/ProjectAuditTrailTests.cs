using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Blueprint.Tests.Projects;

/// <summary>
/// The project page's own audit trail names the records its changed fields point at, as the audit
/// log does ("安岳县（5）", not "5"), but for a business reader: through the reader's scope, so a
/// record the reader may not open stays a bare id.
/// </summary>
public sealed partial class ProjectAuditTrailTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_project_page_shows_a_moved_projects_units_by_name(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var units = (await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.ToDictionary(u => u.Code, u => u.Id);
        var (anyue, lezhi) = (units["ZY-AY"], units["ZY-LZ"]);
        var tag = $"{(int)provider}{Guid.NewGuid():N}"[..12];
        var input = Data.ConcurrencyTests.NewProject($"PA-{tag}", anyue) with { Name = $"履历名称项目{tag}" };
        var project = (await (await office.PostAsJsonAsync("/api/projects", input, ct)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<KeyProjectDto>(ct))!;
        (await office.PutAsJsonAsync($"/api/projects/{project.Id}", input with { UnitId = lezhi, Version = project.Version }, ct)).EnsureSuccessStatusCode();

        // The office and the new unit's reporter read the move by the units' names (units have no scope).
        foreach (var reader in new[] { office, await app.LoginAsync("lezhi.reporter") })
        {
            var page = await reader.GetStringAsync($"/projects/{project.Id}", ct);
            var moves = UnitChanges().Matches(page).Select(m => m.Groups[1].Value.Trim()).ToList();
            Assert.Contains(moves, m => m.EndsWith($"安岳县（{anyue}） → 乐至县（{lezhi}）", StringComparison.Ordinal));
            Assert.DoesNotContain(moves, m => m.EndsWith($"{anyue} → {lezhi}", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The reader's names against the audit log's: an 安岳 reporter reading records that point at a
    /// project of 安岳 and one of 乐至 gets 安岳's project named and 乐至's as its id; the audit log's
    /// names (past every scope) name both. One query per kind either way.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_business_reader_sees_no_name_of_a_record_outside_the_scope(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var tag = $"{(int)provider}{Guid.NewGuid():N}"[..12];
        int anyue, lezhi, own, other;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var ids = await db.Set<Unit>().Where(u => u.Code == "ZY-AY" || u.Code == "ZY-LZ").ToDictionaryAsync(u => u.Code, u => u.Id, ct);
            (anyue, lezhi) = (ids["ZY-AY"], ids["ZY-LZ"]);
            var ownProject = new KeyProject { Code = $"PS-{tag}-A", Name = $"履历本单位项目{tag}", UnitId = anyue, TotalInvestment = 1 };
            var otherProject = new KeyProject { Code = $"PS-{tag}-L", Name = $"履历他单位项目{tag}", UnitId = lezhi, TotalInvestment = 1 };
            db.AddRange(ownProject, otherProject);
            await db.SaveChangesAsync(ct);
            (own, other) = (ownProject.Id, otherProject.Id);
        }

        List<(string, string?, string?)> records =
        [
            ("Problem", null, $"{{\"UnitId\":{anyue},\"KeyProjectId\":{own}}}"),
            ("Problem", null, $"{{\"UnitId\":{lezhi},\"KeyProjectId\":{other}}}"),
        ];
        using var counter = new CommandCounter();
        await Task.Delay(CommandCounter.WarmUp, ct);
        using (var scope = await app.UserScopeAsync("anyue.reporter"))
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var labels = new AuditLabels(scope.ServiceProvider.GetRequiredService<IStringLocalizer<Blueprint.Web.SharedResource>>(), db.Model);
            AuditReferences? forReader = null, forAudit = null;
            Assert.Equal(2, await counter.CountAsync(async () => forReader = await AuditReferences.LoadForReaderAsync(db, records, ct)));
            Assert.Equal(2, await counter.CountAsync(async () => forAudit = await AuditReferences.LoadAsync(db, records, ct)));

            string Project(AuditReferences names, int record) =>
                Assert.Single(labels.Changes("Problem", null, records[record].Item3, names), c => c.Field == "KeyProjectId").After;
            string UnitOf(AuditReferences names, int record) =>
                Assert.Single(labels.Changes("Problem", null, records[record].Item3, names), c => c.Field == "UnitId").After;

            Assert.Equal($"履历本单位项目{tag}（{own}）", Project(forReader!, 0));
            Assert.Equal(other.ToString(System.Globalization.CultureInfo.InvariantCulture), Project(forReader!, 1));
            Assert.Equal($"乐至县（{lezhi}）", UnitOf(forReader!, 1));
            Assert.Equal($"履历他单位项目{tag}（{other}）", Project(forAudit!, 1));
        }
    }

    /// <summary>The text of each changed-unit line of the trail.</summary>
    [GeneratedRegex("<div class=\"audit-change\" data-field=\"UnitId\">([^<]*)</div>")]
    private static partial Regex UnitChanges();
}
