using System.Net;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>The library list's filters, the per-project light, scope, and the export of exactly what is filtered.</summary>
public sealed class ProjectListTests(Apps apps)
{
    private static Task<ProjectListResult> ListAsync(IServiceScope scope, string query)
    {
        var q = ProjectListQuery.From(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)));
        return ProjectList.LoadAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), q, TimeProvider.System, ct: TestContext.Current.CancellationToken);
    }

    private static string[] Codes(ProjectListResult r) => [.. r.Page.Items.Select(i => i.Row.Code)];

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Filters_lights_and_scope_select_the_right_projects(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var year = provider == DatabaseProvider.Sqlite ? 2081 : 2082;
        var a = await ProjectLibraryArrange.FourProjectsAsync(app, year, "PL" + provider.ToString()[..2]);
        string Code(string key) => $"{a.Tag}-{key}";

        using var office = await app.UserScopeAsync("project.office");
        var all = await ListAsync(office, $"year={year}&month=4");
        Assert.Equal(4, all.Page.Total);
        Assert.Equal((year, 4), (all.FiguresYear, all.FiguresMonth));

        // The light of each project is the bulletin's rule on its own figures: 40 % / 30 % / 10 % / 5 % against 33.3 %.
        var lights = all.Page.Items.ToDictionary(i => i.Row.Code, i => i.Figures.Light);
        Assert.Equal(StatusLight.Green, lights[Code("green")]);
        Assert.Equal(StatusLight.Yellow, lights[Code("yellow")]);
        Assert.Equal(StatusLight.Red, lights[Code("red")]);
        Assert.Equal("40.0%", Figure.Percent(all.Page.Items.Single(i => i.Row.Code == Code("green")).Figures.InvestmentCompletionRate));

        Assert.Equal([Code("lezhi"), Code("red")], Codes(await ListAsync(office, $"year={year}&month=4&light=Red")));
        Assert.Equal([Code("yellow")], Codes(await ListAsync(office, $"year={year}&month=4&light=Yellow")));
        Assert.Equal([Code("green"), Code("yellow")], Codes(await ListAsync(office, $"year={year}&month=4&category=Industry")));
        Assert.Equal([Code("green"), Code("yellow")], Codes(await ListAsync(office, $"year={year}&month=4&q={a.Tag}-&stage=UnderConstruction&category=Industry")));
        Assert.Equal([Code("green"), Code("yellow"), Code("red"), Code("lezhi")], Codes(await ListAsync(office, $"year={year}&month=4&sort=rate&desc=true")));
        Assert.Equal([Code("lezhi"), Code("red"), Code("yellow"), Code("green")], Codes(await ListAsync(office, $"year={year}&month=4&sort=rate")));
        Assert.Equal([Code("red"), Code("lezhi")], Codes(await ListAsync(office, $"year={year}&month=4&light=Red&sort=rate&desc=true")));
        Assert.Equal([Code("green"), Code("yellow"), Code("lezhi"), Code("red")], Codes(await ListAsync(office, $"year={year}&month=4&sort=light")));
        Assert.Equal([Code("lezhi"), Code("red"), Code("yellow"), Code("green")], Codes(await ListAsync(office, $"year={year}&month=4&sort=light&desc=true")));
        Assert.Equal(4, (await ListAsync(office, $"year={year}&month=4&leader=测试联系领导{a.Tag}&planType=Continuing")).Page.Total);
        Assert.Equal(0, (await ListAsync(office, $"year={year}&month=4&planType=Reserve")).Page.Total);

        // A unit filter includes the units below it: 安岳县 holds the project of 安岳经济开发区.
        int anyue;
        using (var system = app.SystemScope())
        {
            anyue = await system.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Unit>().Where(u => u.Code == "ZY-AY").Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal([Code("green"), Code("red"), Code("yellow")], Codes(await ListAsync(office, $"year={year}&month=4&unitId={anyue}")));

        // Paging: two per page, the count is of all matching rows.
        var second = await ListAsync(office, $"year={year}&month=4&pageSize=10&page=1&sort=rate");
        Assert.Equal(4, second.Page.Total);

        // A county reporter sees only 安岳's projects, whatever the filter.
        using var reporter = await app.UserScopeAsync("anyue.reporter");
        Assert.Equal([Code("green"), Code("red"), Code("yellow")], Codes(await ListAsync(reporter, $"year={year}&month=4")));
        Assert.Equal([Code("red")], Codes(await ListAsync(reporter, $"year={year}&month=4&light=Red")));
        Assert.Equal([Code("red"), Code("yellow"), Code("green")], Codes(await ListAsync(reporter, $"year={year}&month=4&sort=rate")));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_page_and_the_export_show_exactly_what_is_filtered(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var year = provider == DatabaseProvider.Sqlite ? 2083 : 2084;
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        // The filter's choices of a reader who sees every unit are kept (decision 0048): read them before the projects come.
        Assert.Contains("id=\"project-filters\"", await office.GetStringAsync("/projects", ct), StringComparison.Ordinal);
        var a = await ProjectLibraryArrange.FourProjectsAsync(app, year, "PX" + provider.ToString()[..2]);

        // The new projects' leader is a choice at once.
        Assert.Contains($">测试联系领导{a.Tag}</option>", await office.GetStringAsync("/projects", ct), StringComparison.Ordinal);
        var response = await office.GetAsync($"/projects/export?year={year}&month=4&light=Red", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Blueprint.Web.Infrastructure.Xlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
        var rows = ExcelFiles.Read(await response.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal([$"{a.Tag}-lezhi", $"{a.Tag}-red"], rows.Select(r => r["项目编号"]?.ToString()));
        Assert.All(rows, r => Assert.Equal("滞后", r["状态"]));
        Assert.Equal(1_000m, Convert.ToDecimal(rows[0]["年度计划投资（万元）"], System.Globalization.CultureInfo.InvariantCulture));

        var reporter = await app.LoginAsync("anyue.reporter");
        var html = await reporter.GetStringAsync($"/projects?year={year}&month=4", ct);
        Assert.Contains($"data-project-code=\"{a.Tag}-green\"", html, StringComparison.Ordinal);
        Assert.Contains("共 3 条", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"{a.Tag}-lezhi", html, StringComparison.Ordinal);
        Assert.Contains("tag-red", html, StringComparison.Ordinal);
    }
}
