using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reports;
using Blueprint.Web.Features.Supervision;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Blueprint.Tests.Reports;

/// <summary>The leader's brief read back from Word: every figure is the one its feature's module computes.</summary>
public sealed class LeaderBriefTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_brief_docx_figures_equal_the_modules_figures(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var (county, _) = await ReportArrange.ArrangeAsync(app);
        var ct = TestContext.Current.CancellationToken;

        // A reader of 报告测试县 alone: no other test's data can move these figures.
        using var scope = ReportArrange.ScopeOf(app, county);
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var t = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var brief = await LeaderBrief.LoadAsync(db, ReportArrange.Year, ReportArrange.Month, clock, ct);
        using var doc = WordprocessingDocument.Open(new MemoryStream(LeaderBriefDocument.Write(LeaderBriefText.From(brief, t), OfficialDocumentTests.SampleHead, t)), false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        Assert.Equal("", string.Join("\n", new OpenXmlValidator(FileFormatVersions.Office2010).Validate(doc, ct).Select(e => $"{e.Path?.XPath}: {e.Description}")));
        Assert.Equal(OfficialDocumentTests.SampleHead.Authority, body.Elements<Paragraph>().First().InnerText);
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == "领导简报");

        // The modules, asked on their own for the same month.
        var projects = (await Bulletin.ComputeAsync(db, new BulletinQuery(ReportArrange.Year, ReportArrange.Month), clock, ct)).All.Figures;
        var red = (await IndicatorList.LoadAsync(db, new IndicatorListQuery { Year = 2068, AsOfYear = 2068, AsOfMonth = 6, Light = StatusLight.Red }, clock, ct)).Page;
        var supervision = await SupervisionBulletin.ComputeAsync(db, new DateOnly(2068, 1, 1), new DateOnly(2068, 6, 30), SupervisionBulletin.Today(clock), ct);
        var figures = Cells(body, LeaderBriefDocument.FiguresCaption);
        Assert.Equal(["年度投资完成率", "开工率", "滞后指标", "逾期督办事项"], figures[0]);
        Assert.Equal([Figure.Percent(projects.InvestmentCompletionRate), Figure.Percent(projects.StartRate), $"{red.Total}", $"{supervision.Red}"], figures[1]);
        // …and by hand: 1,600 ÷ 4,500; the one planned start started; one red indicator; one overdue item.
        Assert.Equal(["35.6%", "100.0%", "1", "1"], figures[1]);
        Assert.Equal("序时进度 50.0%，-14.4 个百分点", figures[2][0]);

        var report = await BulletinReport.LoadAsync(db, new BulletinQuery(ReportArrange.Year, ReportArrange.Month), clock, ct);
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == BulletinDocument.Summary(report, t));
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == "2068年度指标3项，其中正常1项，预警0项，滞后1项，尚无数据1项。");
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == "重点项目待协调问题1个，其中逾期未解决1个。");

        // The attention lists: most behind first (0 % then 10 %), the red indicator, the overdue item.
        Assert.Equal(["报告测试项目3", "报告测试项目1"], Cells(body, LeaderBriefText.LaggingCaption).Skip(1).Select(r => r[1]));
        Assert.Equal(report.Lagging.Take(LeaderBrief.TopShown).Select(p => p.Name), Cells(body, LeaderBriefText.LaggingCaption).Skip(1).Select(r => r[1]));
        Assert.Equal([["1", "报告测试指标（滞后）", "报告测试县", "10 亿元", "50 亿元"]], Cells(body, LeaderBriefText.RedIndicatorsCaption).Skip(1));
        Assert.Equal([["1", "报告测试督办A", "报告测试县", "2024-01-10"]], Cells(body, LeaderBriefText.OverdueCaption).Skip(1));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_brief_downloads_as_word_with_the_bulletins_completion_rate(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        await ReportArrange.ArrangeAsync(app);
        var ct = TestContext.Current.CancellationToken;
        var leader = await app.LoginAsync("leader");

        var response = await leader.GetAsync("/api/reports/brief/docx?year=2068&month=6", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WordParts.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync(ct)), false);
        var figures = Cells(doc.MainDocumentPart!.Document!.Body!, LeaderBriefDocument.FiguresCaption);

        // The whole city in 2068 is the two test counties: (1,600 + 600) ÷ (4,500 + 1,000) = 40.0 %.
        var api = (await leader.GetFromJsonAsync<BulletinDto>("/api/bulletin?year=2068&month=6", ct))!;
        Assert.Equal(api.All.CompletionRateText, figures[1][0]);
        Assert.Equal("40.0%", figures[1][0]);

        var json = (await leader.GetFromJsonAsync<LeaderBriefText>("/api/reports/brief?year=2068&month=6", ct))!;
        Assert.Equal("40.0%", json.Figures[0].Value);
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync("/api/reports/brief/docx?year=2068&month=13", ct)).StatusCode);
    }

    private static List<string[]> Cells(Body body, string caption) =>
        [.. body.Elements<Table>().Single(t => t.GetFirstChild<TableProperties>()?.GetFirstChild<TableCaption>()?.Val?.Value == caption)
            .Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray())];
}
