using BenchmarkDotNet.Attributes;
using Blueprint.Web.Infrastructure;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Blueprint.Bench;

/// <summary>
/// Issue 15 item 3 (decision 0030): writing a styled export — the project list's 16 columns
/// (codes, names, money in 万元, percentages, dates) with a title, a 金额单位 row, a frozen header,
/// fitted widths and number formats — with the product's writer (SpreadCheetah, through
/// <see cref="Xlsx.ExportAsync(XlsxSheet, CancellationToken)"/>) and with MiniExcel's synchronous
/// writer and its styling options (column widths and formats, frozen rows, autofilter; it has no
/// merged title, no header style and no validation lists). Rows are made once, in memory.
/// </summary>
[MemoryDiagnoser]
public class ExportBenchmarks
{
    private static readonly XlsxColumn[] Columns =
    [
        new("项目编号"), new("项目名称"), new("责任单位"), new("联系领导"), new("项目类别"), new("项目阶段"), new("产业链"),
        new("总投资（万元）", XlsxKind.Money), new("年度计划投资（万元）", XlsxKind.Money), new("本年累计完成（万元）", XlsxKind.Money),
        new("年度投资完成率", XlsxKind.Percent), new("时序进度", XlsxKind.Percent), new("计划开工日期", XlsxKind.Date),
        new("计划竣工日期", XlsxKind.Date), new("带动就业（人）", XlsxKind.Integer), new("状态"),
    ];

    private List<IReadOnlyDictionary<string, object?>> _rows = [];

    [Params(1_000, 20_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rows = [.. Enumerable.Range(1, Rows).Select(Row)];
        // Both files are checked once, as the tests check the product's: the figures are only worth comparing for valid files.
        Console.WriteLine($"// validator errors (Microsoft365): SpreadCheetah {Errors(SpreadCheetahAsync().GetAwaiter().GetResult())}, MiniExcel {Errors(MiniExcelSync())}");
    }

    [Benchmark(Baseline = true)]
    public async Task<byte[]> SpreadCheetahAsync() =>
        await Xlsx.ExportAsync(new XlsxSheet("项目库", Columns, _rows) { Title = "重点项目库（2025年12月）", UnitLine = "金额单位：万元" });

    [Benchmark]
    public byte[] MiniExcelSync()
    {
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            AutoFilter = true,
            DynamicColumns = [.. Columns.Select((c, i) => new DynamicExcelColumn(c.Header)
            {
                Index = i,
                Width = 16,
                Format = c.Kind switch
                {
                    XlsxKind.Money => "#,##0.00",
                    XlsxKind.Percent => "0.0%",
                    XlsxKind.Date => "yyyy-MM-dd",
                    _ => null,
                },
            })],
        };
        using var stream = new MemoryStream();
        stream.SaveAs(_rows.Select(r => r.ToDictionary(c => c.Key, c => c.Value is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : c.Value)), sheetName: "项目库", configuration: configuration);
        return stream.ToArray();
    }

    private static IReadOnlyDictionary<string, object?> Row(int i) => new Dictionary<string, object?>
    {
        ["项目编号"] = $"ZY-2025-{i:00000}",
        ["项目名称"] = $"资阳市第{i}号重点项目（一期）道路及配套基础设施建设工程",
        ["责任单位"] = i % 3 == 0 ? "安岳县" : "乐至县",
        ["联系领导"] = "副市长",
        ["项目类别"] = "基础设施",
        ["项目阶段"] = "在建",
        ["产业链"] = "汽车",
        ["总投资（万元）"] = 12_345.6789m + i,
        ["年度计划投资（万元）"] = 2_000m + i % 500,
        ["本年累计完成（万元）"] = 1_234.5m + i % 300,
        ["年度投资完成率"] = 0.617m,
        ["时序进度"] = 0.5m,
        ["计划开工日期"] = new DateOnly(2024, 3, 1).AddDays(i % 365),
        ["计划竣工日期"] = new DateOnly(2026, 12, 31),
        ["带动就业（人）"] = 120 + i % 50,
        ["状态"] = "正常",
    };

    private static int Errors(byte[] file)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(file), false);
        return new OpenXmlValidator(FileFormatVersions.Microsoft365).Validate(document).Count();
    }
}
