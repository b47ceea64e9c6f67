using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Indicators.Excel;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Blueprint.Tests.Excel.ExcelFiles;

namespace Blueprint.Tests.Indicators;

public sealed class IndicatorImportTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Indicators_and_values_import_all_or_nothing_with_row_errors_in_chinese(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        await IndicatorArrange.PlanYearAsync(app);
        var office = await app.LoginAsync("project.office");
        var prefix = $"导入测试{(int)provider}-";
        var rows = new List<Dictionary<string, object?>>
        {
            IndicatorRow(prefix + "A", "按月", "", "ZY-AY-JYJ:80；ZY-LZ:40"),
            IndicatorRow(prefix + "B", "按季", "10,40,70,100", ""),
            IndicatorRow(prefix + "C", "按季", "10,20", ""),       // Excel row 4: two shares for four quarters
            IndicatorRow(prefix + "D", "按月", "", "ZY-XX:5"),      // Excel row 5: unknown unit in the split
        };
        rows[3][IndicatorSheet.Direction] = "越高越好";              // and not an allowed direction

        var refused = await UploadAsync(office, "/api/indicator-excel/indicators", Workbook(IndicatorSheet.SheetName, rows));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = await RowErrorsAsync(refused);
        Assert.Equal([(4, IndicatorSheet.Shares), (5, IndicatorSheet.Direction), (5, IndicatorSheet.Split)], errors.Select(e => (e.Row, e.Column)).ToList());
        Assert.Contains("4 个累计比例", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(app, prefix));

        rows[2][IndicatorSheet.Shares] = "10,20,60,100";
        rows[3][IndicatorSheet.Direction] = "越大越好";
        rows[3][IndicatorSheet.Split] = "";
        var imported = await UploadAsync(office, "/api/indicator-excel/indicators", Workbook(IndicatorSheet.SheetName, rows));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(4, (await imported.Content.ReadFromJsonAsync<ImportResult>(ct))!.Imported);
        Assert.Equal(4, await CountAsync(app, prefix));

        // Values: a county files its share and the whole; one bad row stops them all.
        var reporter = await app.LoginAsync("anyue.reporter");
        var values = new List<Dictionary<string, object?>>
        {
            ValueRow(prefix + "A", "", 1, 10m),
            ValueRow(prefix + "A", "", 2, 21.5m),
            ValueRow(prefix + "B", "", 5, 3m),         // Excel row 4: a quarterly indicator has 4 periods
            ValueRow(prefix + "A", "ZY-LZ", 1, 3m),    // Excel row 5: 乐至's share is not this reporter's
        };
        var refusedValues = await UploadAsync(reporter, "/api/indicator-excel/values", Workbook(IndicatorValueSheet.SheetName, values));
        Assert.Equal(HttpStatusCode.BadRequest, refusedValues.StatusCode);
        Assert.Equal([(4, IndicatorValueSheet.Period), (5, IndicatorValueSheet.UnitCode)], (await RowErrorsAsync(refusedValues)).Select(e => (e.Row, e.Column)).ToList());
        Assert.Equal(0, await ValueCountAsync(app, prefix));

        values.RemoveAt(3);
        values[2][IndicatorValueSheet.Period] = 1;
        var importedValues = await UploadAsync(reporter, "/api/indicator-excel/values?submit=true", Workbook(IndicatorValueSheet.SheetName, values));
        Assert.Equal(HttpStatusCode.OK, importedValues.StatusCode);
        Assert.Equal(3, await ValueCountAsync(app, prefix, SubmissionStatus.Submitted));

        // The same rows again: each period already has a value.
        var twice = await UploadAsync(reporter, "/api/indicator-excel/values", Workbook(IndicatorValueSheet.SheetName, values));
        Assert.Equal(3, (await RowErrorsAsync(twice)).Count);

        // The export re-imports: its columns are the template's.
        var export = await office.GetByteArrayAsync($"/api/indicator-excel/indicators/export?year={IndicatorArrange.Year}&q={prefix}", ct);
        var exported = Read(export);
        Assert.Equal(4, exported.Count);
        Assert.Equal("ZY-AY-JYJ:80；ZY-LZ:40", exported.Single(r => (string)r[IndicatorSheet.Name]! == prefix + "A")[IndicatorSheet.Split]);

        // 乐至 sees 安岳's indicator through its share, and in the split only the share of its own scope, not 安岳's bureau's.
        var lezhi = await app.LoginAsync("lezhi.reporter");
        var theirs = Read(await lezhi.GetByteArrayAsync($"/api/indicator-excel/indicators/export?year={IndicatorArrange.Year}&q={prefix}", ct));
        Assert.Equal("ZY-LZ:40", Assert.Single(theirs)[IndicatorSheet.Split]);
    }

    private static Dictionary<string, object?> IndicatorRow(string name, string profile, string shares, string split) => new()
    {
        [IndicatorSheet.Year] = IndicatorArrange.Year,
        [IndicatorSheet.Name] = name,
        [IndicatorSheet.Goal] = null,
        [IndicatorSheet.Measure] = "亿元",
        [IndicatorSheet.Direction] = "越大越好",
        [IndicatorSheet.Kind] = "累计值",
        [IndicatorSheet.Baseline] = 90,
        [IndicatorSheet.Target] = 120,
        [IndicatorSheet.Profile] = profile,
        [IndicatorSheet.Shares] = shares,
        [IndicatorSheet.Source] = "市统计局",
        [IndicatorSheet.UnitCode] = "ZY-AY",
        [IndicatorSheet.Split] = split,
    };

    private static Dictionary<string, object?> ValueRow(string name, string unit, int period, decimal value) => new()
    {
        [IndicatorValueSheet.Year] = IndicatorArrange.Year,
        [IndicatorValueSheet.Name] = name,
        [IndicatorValueSheet.OwnerCode] = "ZY-AY",
        [IndicatorValueSheet.UnitCode] = unit,
        [IndicatorValueSheet.Period] = period,
        [IndicatorValueSheet.Value] = value,
    };

    private static async Task<int> CountAsync(TestApp app, string prefix)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Indicator>().CountAsync(i => i.Name.StartsWith(prefix));
    }

    private static async Task<int> ValueCountAsync(TestApp app, string prefix, SubmissionStatus? status = null)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<IndicatorValue>()
            .CountAsync(v => v.Indicator!.Name.StartsWith(prefix) && (status == null || v.Status == status));
    }
}
