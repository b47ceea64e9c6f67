using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Blueprint.Tests.Excel.ExcelFiles;

namespace Blueprint.Tests.Excel;

public sealed class ExportTests(Apps apps)
{
    private static async Task<List<KeyProject>> ProjectsAsync(TestApp app, string prefix)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<KeyProject>().AsNoTracking()
            .Where(p => p.Code.StartsWith(prefix)).OrderBy(p => p.Code).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Every field of a project but its identity (id, code, version).</summary>
    private static string Facts(KeyProject p) => JsonSerializer.Serialize(new
    {
        p.Name,
        p.UnitId,
        p.ResponsibleLeader,
        p.Category,
        p.Stage,
        p.IndustryChain,
        p.ChainLink,
        p.Location,
        p.Description,
        p.TotalInvestment,
        p.PlannedStart,
        p.PlannedCompletion,
        p.ActualStart,
        p.ActualCompletion,
        p.PlannedBenefit,
        p.ActualBenefit,
        p.IsArchived,
    });

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_export_re_imports_under_new_codes_with_every_field_intact(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        // The office's import goes into the library (a county's would be proposals, decision 0018).
        var reporter = await app.LoginAsync("project.office");
        var prefix = $"RT{(int)provider}-";
        var rows = Enumerable.Range(1, 4).Select(i => ProjectRow($"{prefix}{i}")).ToList();
        rows[1][ProjectSheet.Link] = null;
        rows[1][ProjectSheet.Description] = "-负号开头的说明";
        rows[2][ProjectSheet.ActualStart] = "2095-04-15";
        rows[2][ProjectSheet.ActualOutput] = 0.0001m;
        rows[3][ProjectSheet.Category] = "生态建设及环境保护";
        rows[3][ProjectSheet.Stage] = "投产";
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(reporter, "/api/imports/projects", Workbook(ProjectSheet.SheetName, rows))).StatusCode);

        var export = await reporter.GetAsync($"/api/projects/export?q={prefix}", ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var exported = await export.Content.ReadAsByteArrayAsync(ct);
        var sheet = Read(exported, ProjectSheet.SheetName);
        Assert.Equal(4, sheet.Count);
        foreach (var row in sheet)
        {
            row[ProjectSheet.Code] = ((string)row[ProjectSheet.Code]!).Replace(prefix, $"RX{(int)provider}-", StringComparison.Ordinal);
        }

        var reimport = await UploadAsync(reporter, "/api/imports/projects", Workbook(ProjectSheet.SheetName, sheet));
        Assert.Equal(HttpStatusCode.OK, reimport.StatusCode);

        var originals = await ProjectsAsync(app, prefix);
        var copies = await ProjectsAsync(app, $"RX{(int)provider}-");
        Assert.Equal(4, copies.Count);
        Assert.Equal(originals.Select(Facts), copies.Select(Facts));
        Assert.Equal("-负号开头的说明", copies[1].Description);
        Assert.Equal(1, copies[2].ActualBenefit.OutputValue);
        Assert.Equal(123_456_789, copies[0].TotalInvestment);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_name_that_is_a_formula_exports_as_text_behind_an_apostrophe(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var units = await office.GetFromJsonAsync<List<Blueprint.Web.Features.Units.UnitDto>>("/api/units", ct);
        var code = $"FX{(int)provider}-1";
        const string Formula = "=HYPERLINK(\"http://evil.example\",\"点此\")";
        var created = await office.PostAsJsonAsync("/api/projects",
            Data.ConcurrencyTests.NewProject(code, units!.Single(u => u.Code == DemoUnits.Lezhi).Id) with { Name = Formula, ResponsibleLeader = "+86 副市长" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var exported = await (await office.GetAsync($"/api/projects/export?q={code}", ct)).Content.ReadAsByteArrayAsync(ct);

        var row = Assert.Single(Read(exported, ProjectSheet.SheetName));
        Assert.Equal("'" + Formula, row[ProjectSheet.Name]);
        Assert.Equal("'+86 副市长", row[ProjectSheet.Leader]);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Templates_have_the_data_sheet_instructions_and_the_units_in_scope(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var reporter = await app.LoginAsync("anyue.reporter");

        foreach (var (url, sheet, columns) in new[]
        {
            ("/api/imports/projects/template", ProjectSheet.SheetName, ProjectSheet.Columns),
            ("/api/imports/annual-plan/template", AnnualPlanSheet.SheetName, AnnualPlanSheet.Columns),
            ("/api/imports/progress/template", ProgressSheet.SheetName, ProgressSheet.Columns),
        })
        {
            var response = await reporter.GetAsync(url, ct);
            Assert.Equal(Xlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
            var workbook = await response.Content.ReadAsByteArrayAsync(ct);
            Assert.Equal([sheet, "说明", "可选值"], SheetNames(workbook));
            Assert.Equal(columns.Select(c => c.Header), Headers(workbook, sheet));
            var choices = Read(workbook, "可选值");
            Assert.Equal(["基础设施", "产业", "民生工程及社会事业", "生态建设及环境保护"], choices.Select(r => r[ProjectSheet.Category]).OfType<string>());
            Assert.Equal(["续建", "计划开工", "加快前期"], choices.Select(r => r[AnnualPlanSheet.PlanType]).OfType<string>());
            var unitCodes = choices.Select(r => r["单位编码"]).OfType<string>().ToList();
            Assert.Contains(DemoUnits.Anyue, unitCodes);
            Assert.DoesNotContain(DemoUnits.Lezhi, unitCodes);
            Assert.Contains(Read(workbook, "说明"), r => r["列名"] as string == columns[0].Header);
        }
    }
}
