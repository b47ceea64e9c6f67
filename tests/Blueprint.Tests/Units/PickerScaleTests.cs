using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Units;

/// <summary>
/// Issue 20 item 5 on the edit forms and the remaining filters: past 200 units a page names the
/// top of the tree and the chosen unit only (the rest are found by the search), so an edit form
/// or a 20-row list stays under 100 KB; the project search (<c>/api/projects/lookup</c>) and the
/// paged unit list (<c>/api/units</c>).
/// </summary>
public sealed partial class PickerScaleTests(Apps apps)
{
    private const int MaxPage = 100 * 1024;

    [Fact]
    public async Task Past_200_units_every_changed_page_stays_small_and_lists_no_whole_tree()
    {
        // A private app: 250 more units would lengthen every other class's unit choices.
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        int project, item, indicator, meeting, account, submission;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var anyue = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Anyue, ct);
            var units = Enumerable.Range(0, 250)
                .Select(i => new Unit { Name = $"扩展科室{i:000}", Code = $"KZ{i:000}", Kind = UnitKind.Department, ParentId = anyue.Id, SortOrder = 1000 + i })
                .ToList();
            db.AddRange(units);
            await db.SaveChangesAsync(ct);
            foreach (var unit in units)
            {
                unit.Path = $"{anyue.Path}{unit.Id}/";
            }

            await db.SaveChangesAsync(ct);
            project = await db.Set<KeyProject>().OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(ct);
            item = await db.Set<SupervisionItem>().OrderBy(i => i.Id).Select(i => i.Id).FirstAsync(ct);
            indicator = await db.Set<Indicator>().OrderBy(i => i.Id).Select(i => i.Id).FirstAsync(ct);
            meeting = await db.Set<Meeting>().OrderBy(m => m.Id).Select(m => m.Id).FirstAsync(ct);
            account = await db.Users.Where(u => u.UserName == "anyue.reporter").Select(u => u.Id).SingleAsync(ct);
            submission = await db.Set<Blueprint.Web.Features.Reviews.ReviewSubmission>().OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(ct);
        }

        // A read report whose proposals name units (a milestone's several, a target's one).
        var reader = await app.LoginAsync("project.office");
        var created = await reader.PostAsJsonAsync("/api/reader/documents", new Blueprint.Web.Features.Reader.ReaderDocumentInput("规模测试报道", 2083,
            "2083年9月，安岳县城市污水处理厂提标改造项目开工建设，总投资7.52亿元。力争2084年高新区地区生产总值增长8%。"), ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var document = (await created.Content.ReadFromJsonAsync<Blueprint.Web.Features.Reader.ReaderDocumentDto>(ct))!;

        (string User, string Path, bool Picker)[] pages =
        [
            ("project.office", $"/projects/{project}/edit", true),
            ("project.office", "/projects/new", true),
            ("project.office", $"/goals/indicators/{indicator}/edit", true),
            ("project.office", "/goals/indicators/new", true),
            ("project.office", "/goals", true),
            ("project.office", "/milestones", true),
            ("project.office", "/problems", true),
            ("project.office", "/projects", true),
            ("project.office", "/progress", false), // its choice: the units with projects this year
            ("project.office", "/plans", true),
            ("project.office", "/projects/proposals", true),
            ("project.office", "/goals/indicators", true),
            ("supervision.office", "/supervision/new", true),
            ("supervision.office", $"/supervision/{item}/edit", true),
            ("supervision.office", $"/meetings/{meeting}", false),
            ("supervision.office", "/meetings/new", true),
            ("supervision.office", $"/meetings/{meeting}/edit", true),
            ("project.office", "/milestones/new", true),
            ("project.office", "/reviews/campaigns/new", true),
            ("project.office", $"/reader/{document.Id}", true),
            ("project.office", $"/reviews/submissions/{submission}", false),
            ("supervision.office", "/supervision", true),
            ("sysadmin", "/admin/accounts", true),
            ("sysadmin", "/admin/accounts/new", true),
            ("sysadmin", $"/admin/accounts/{account}", true),
            ("sysadmin", "/admin/units/new", true),
            ("auditadmin", "/audit", true),
        ];
        var clients = new Dictionary<string, HttpClient>();
        foreach (var (user, path, picker) in pages)
        {
            if (!clients.TryGetValue(user, out var client))
            {
                clients[user] = client = await app.LoginAsync(user);
            }

            using var response = await client.GetAsync(path, ct);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync(ct);
            Assert.True(html.Length < MaxPage, $"{path}: {html.Length:N0} characters");
            Assert.True(Added().Count(html) == 0, $"{path} lists units below the top of the tree");
            if (picker)
            {
                Assert.True(html.Contains("data-unit-search=\"/api/units/lookup", StringComparison.Ordinal), $"{path} has no unit search");
            }
        }

        // The chosen unit stays in the choice, so a form sends it back unchanged without JavaScript.
        var office = clients["project.office"];
        var chosen = await Lookup<UnitLookupDto>(office, "/api/units/lookup", "扩展科室123", ct);
        var html123 = await office.GetStringAsync($"/problems?unitId={chosen.Single().Id}", ct);
        Assert.Single(Added().Matches(html123));
        Assert.Contains($"<option value=\"{chosen.Single().Id}\" selected", html123, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_project_search_finds_projects_of_the_readers_scope_by_name_or_code_a_few_at_a_time(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        List<(int Id, string Code, string Name, int UnitId)> projects;
        int anyue;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            anyue = await db.Set<Unit>().Where(u => u.Code == DemoUnits.Anyue).Select(u => u.Id).SingleAsync(ct);
            projects = [.. (await db.Set<KeyProject>().AsNoTracking().OrderBy(p => p.Id).Take(500).Select(p => new { p.Id, p.Code, p.Name, p.UnitId }).ToListAsync(ct))
                .Select(p => (p.Id, p.Code, p.Name, p.UnitId))];
        }

        var wanted = projects.First(p => p.UnitId == anyue);
        var other = projects.First(p => p.UnitId != anyue);

        var leader = await app.LoginAsync("leader");
        Assert.Contains(await Lookup<ProjectLookupDto>(leader, "/api/projects/lookup", wanted.Code, ct), p => p.Id == wanted.Id && p.Name == wanted.Name);
        Assert.Contains(await Lookup<ProjectLookupDto>(leader, "/api/projects/lookup", other.Name, ct, 50), p => p.Id == other.Id);
        Assert.Equal(3, (await Lookup<ProjectLookupDto>(leader, "/api/projects/lookup", "", ct, 3)).Count);
        Assert.InRange((await Lookup<ProjectLookupDto>(leader, "/api/projects/lookup", "", ct, 100_000)).Count, 1, 50);

        // A county's reporter finds only the projects of the county.
        var reporter = await app.LoginAsync("anyue.reporter");
        Assert.Contains(await Lookup<ProjectLookupDto>(reporter, "/api/projects/lookup", wanted.Code, ct), p => p.Id == wanted.Id);
        Assert.DoesNotContain(await Lookup<ProjectLookupDto>(reporter, "/api/projects/lookup", other.Code, ct, 50), p => p.Id == other.Id);
        var own = await Lookup<ProjectLookupDto>(reporter, "/api/projects/lookup", "", ct, 50);
        Assert.NotEmpty(own);
        using var scope2 = app.SystemScope();
        var ids = own.Select(p => p.Id).ToList();
        var units = await scope2.ServiceProvider.GetRequiredService<BlueprintDb>().Set<KeyProject>().IgnoreQueryFilters()
            .Where(p => ids.Contains(p.Id)).Select(p => p.Unit!.Path).ToListAsync(ct);
        var anyuePath = await scope2.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Unit>().Where(u => u.Id == anyue).Select(u => u.Path).SingleAsync(ct);
        Assert.All(units, path => Assert.StartsWith(anyuePath, path, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_unit_list_comes_a_page_at_a_time_and_the_search_can_span_the_tree_and_leave_disabled_units_out(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");

        using var first = await office.GetAsync("/api/units?pageSize=5", ct);
        var total = int.Parse(first.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);
        var page1 = (await first.Content.ReadFromJsonAsync<List<UnitDto>>(ct))!;
        Assert.Equal(5, page1.Count);
        var page2 = (await office.GetFromJsonAsync<List<UnitDto>>("/api/units?page=2&pageSize=5", ct))!;
        Assert.Empty(page1.Select(u => u.Id).Intersect(page2.Select(u => u.Id)));
        var all = (await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!;
        Assert.Equal(Math.Min(total, UnitsApi.MaxPageSize), all.Count);
        Assert.Equal(all.Take(10).Select(u => u.Id), page1.Concat(page2).Select(u => u.Id));
        Assert.InRange((await office.GetFromJsonAsync<List<UnitDto>>("/api/units?pageSize=100000", ct))!.Count, 1, UnitsApi.MaxPageSize);
        // A page far past the end is empty, not an overflowing offset (found by FuzzTests on PostgreSQL).
        Assert.Empty((await office.GetFromJsonAsync<List<UnitDto>>("/api/units?page=352728408&pageSize=10", ct))!);
        Assert.Empty((await office.GetFromJsonAsync<List<UnitDto>>($"/api/units?page={int.MaxValue}&pageSize=1", ct))!);

        // A reporter's search stays in its county unless it asks for the whole tree (an administrator's choice).
        var reporter = await app.LoginAsync("anyue.reporter");
        Assert.Empty(await Lookup<UnitLookupDto>(reporter, "/api/units/lookup", "乐至", ct));
        Assert.Contains(await Lookup<UnitLookupDto>(reporter, "/api/units/lookup?all=true", "乐至", ct), u => u.Name.Contains("乐至", StringComparison.Ordinal));
        var sysadmin = await app.LoginAsync("sysadmin");
        Assert.Contains(await Lookup<UnitLookupDto>(sysadmin, "/api/units/lookup?all=true&writable=true", DemoUnits.Lezhi, ct), u => !u.IsDisabled);

        // A form's search (writable=true) leaves disabled units out.
        var disabled = all.FirstOrDefault(u => u.IsDisabled);
        if (disabled is not null)
        {
            Assert.Contains(await Lookup<UnitLookupDto>(office, "/api/units/lookup", disabled.Code, ct), u => u.Id == disabled.Id);
            Assert.DoesNotContain(await Lookup<UnitLookupDto>(office, "/api/units/lookup?writable=true", disabled.Code, ct), u => u.Id == disabled.Id);
        }
    }

    private static async Task<List<T>> Lookup<T>(HttpClient client, string url, string q, CancellationToken ct, int take = 20) =>
        (await client.GetFromJsonAsync<List<T>>($"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}q={Uri.EscapeDataString(q)}&take={take}", ct))!;

    [GeneratedRegex("扩展科室\\d{3}")]
    private static partial Regex Added();
}
