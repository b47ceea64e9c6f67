using System.Net.Http.Json;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>
/// The Word bulletin read back with the OpenXml SDK: its tables carry exactly the API's figures.
/// Own projects in 2094, a year no other test uses.
/// </summary>
public sealed class BulletinDocumentTests(Apps apps)
{
    private const int Year = 2094;
    private const long Wan = Figure.YuanPerWan;
    private const string Query = "year=2094&month=4&knownAtUtc=2094-12-31T00:00:00Z";
    private static readonly SemaphoreSlim Once = new(1, 1);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_docx_summary_table_equals_the_api_figures(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        await ArrangeAsync(app);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");

        var api = (await office.GetFromJsonAsync<BulletinDto>($"/api/bulletin?{Query}", ct))!;
        var response = await office.GetAsync($"/api/bulletin/docx?{Query}", ct);
        response.EnsureSuccessStatusCode();
        Assert.Equal(BulletinDocument.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync(ct)), false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        Assert.Equal("", string.Join("\n", new OpenXmlValidator(FileFormatVersions.Office2010).Validate(doc, ct).Select(e => $"{e.Path?.XPath}: {e.Description}")));

        BulletinRowDto[] expected = [api.All, .. api.ByCategory, .. api.ByPlanType, .. api.ByUnit];
        // Group label rows (one cell across the table) stand before the categories, plan types and units.
        var all = Cells(body, BulletinDocument.SummaryCaption);
        Assert.Equal(["按项目类别", "按计划类型", "按单位"], all.Where(r => r.Length == 1).Select(r => r[0]));
        Assert.Equal("按项目类别", all[2][0]);
        var rows = all.Where(r => r.Length > 1).ToList();
        Assert.Equal(expected.Length + 1, rows.Count);
        Assert.Equal("合计", rows[1][0]);
        Assert.Equal("基础设施", rows[2][0]);
        Assert.Equal("计划开工", rows[1 + 4 + 2][0]);
        foreach (var (row, cells) in expected.Zip(rows.Skip(1)))
        {
            string[] figures =
            [
                row.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Figure.Yi(row.AnnualPlan, 2), Figure.Yi(row.CompletedYearToDate, 2),
                row.CompletionRateText, row.ElapsedScheduleText, row.AheadOfScheduleText ?? "—",
                $"{row.Started}/{row.PlannedStarts}", Figure.Percent(row.StartRate), $"{row.Completed}/{row.PlannedCompletions}", Figure.Percent(row.FinishRate),
                $"{row.ReserveStarted}/{row.Reserve}", Figure.Percent(row.ConversionRate),
                row.Light switch { StatusLight.Green => "正常", StatusLight.Yellow => "预警", StatusLight.Red => "滞后", _ => "—" },
            ];
            Assert.Equal(figures, cells.Skip(1));
        }

        // The whole key list: 8,000 万元 (0.80 亿元) planned, 2,400 done by April (30.0 %, 3.3 points behind).
        Assert.Equal(["0.80", "0.24", "30.0%", "33.3%", "-3.3"], rows[1][2..7]);
        Assert.Contains("年度投资完成率30.0%，序时进度33.3%，滞后序时进度3.3个百分点", body.InnerText, StringComparison.Ordinal);
        Assert.Contains("开工率50.0%", body.InnerText, StringComparison.Ordinal);

        // Most behind first: 0 %, 10 %, 20 %, 25 % against 33.3 %; the ones ahead are not named.
        var lagging = Cells(body, BulletinDocument.LaggingCaption).Skip(1).ToList();
        Assert.Equal(["BD-2094-5", "BD-2094-8", "BD-2094-4", "BD-2094-2"], lagging.Select(r => r[1][(r[1].IndexOf('（', StringComparison.Ordinal) + 1)..^1]));
        Assert.Equal("-33.3", lagging[0][7]);

        // Open problems of key-list projects only, the overdue one marked.
        var problems = Cells(body, BulletinDocument.ProblemsCaption).Skip(1).ToList();
        var mine = Assert.Single(problems, r => r[1].Contains("通报问题", StringComparison.Ordinal));
        Assert.Equal("2001-01-01（逾期）", mine[5]);
        Assert.DoesNotContain(problems, r => r[1].Contains("前期项目问题", StringComparison.Ordinal));

        // The unit ranking by completion rate: 乐至 32.9 % before 安岳 10.0 %.
        var ranking = Cells(body, BulletinDocument.RankingCaption).Skip(1).ToList();
        Assert.Equal([("1", "32.9%"), ("2", "10.0%")], ranking.Select(r => (r[0], r[4])));

        // Chinese text is set in an East Asian font (the body's 仿宋_GB2312, GB/T 9704).
        var fonts = doc.MainDocumentPart.StyleDefinitionsPart!.Styles!.Descendants<RunFonts>().Single();
        Assert.Equal("仿宋_GB2312", fonts.EastAsia?.Value);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_xlsx_export_has_the_same_rows_and_figures(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        await ArrangeAsync(app);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");

        var api = (await office.GetFromJsonAsync<BulletinDto>($"/api/bulletin?{Query}", ct))!;
        var bytes = await office.GetByteArrayAsync($"/api/bulletin/xlsx?{Query}", ct);
        var rows = ExcelFiles.Read(bytes);

        Assert.Equal(1 + api.ByCategory.Count + api.ByPlanType.Count + api.ByUnit.Count, rows.Count);
        Assert.Equal("合计", rows[0]["项目"]);
        Assert.Equal(0.8m, Convert.ToDecimal(rows[0]["年度计划投资（亿元）"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.3m, Convert.ToDecimal(rows[0]["年度投资完成率"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("预警", rows[0]["状态"]);
    }

    private static List<string[]> Cells(Body body, string caption) =>
        [.. body.Descendants<Table>()
            .Single(t => t.GetFirstChild<TableProperties>()?.GetFirstChild<TableCaption>()?.Val?.Value == caption)
            .Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray())];

    /// <summary>
    /// 乐至县: the worked example of PRODUCT.md (continuing 1,000 / 2,000 / 3,000 万元 with 400 / 500 /
    /// 1,300 done; planned starts 500 / 500 with 100 / 0 done, the first started; two reserve
    /// projects, one started). 安岳县: one continuing project, 1,000 planned, 100 done.
    /// </summary>
    private static async Task ArrangeAsync(TestApp app)
    {
        await Once.WaitAsync();
        try
        {
            using var scope = app.SystemScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            if (await db.Set<KeyProject>().AnyAsync(p => p.Code == "BD-2094-1"))
            {
                return;
            }

            var lezhi = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ");
            var anyue = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-AY");
            (Unit Unit, PlanType Type, ProjectCategory Category, long PlanWan, long DoneWan)[] specs =
            [
                (lezhi, PlanType.Continuing, ProjectCategory.Infrastructure, 1_000, 400),
                (lezhi, PlanType.Continuing, ProjectCategory.Infrastructure, 2_000, 500),
                (lezhi, PlanType.Continuing, ProjectCategory.Industry, 3_000, 1_300),
                (lezhi, PlanType.PlannedStart, ProjectCategory.Livelihood, 500, 100),
                (lezhi, PlanType.PlannedStart, ProjectCategory.Livelihood, 500, 0),
                (lezhi, PlanType.Reserve, ProjectCategory.Industry, 0, 0),
                (lezhi, PlanType.Reserve, ProjectCategory.Industry, 0, 0),
                (anyue, PlanType.Continuing, ProjectCategory.Ecology, 1_000, 100),
            ];
            var accepted = new DateTime(Year, 5, 7, 0, 0, 0, DateTimeKind.Utc);
            var projects = specs.Select((s, i) => new KeyProject { Code = $"BD-2094-{i + 1}", Name = $"通报文档测试项目{i + 1}", UnitId = s.Unit.Id, Category = s.Category, TotalInvestment = 10_000 * Wan }).ToList();
            db.AddRange(projects);
            foreach (var (s, i) in specs.Select((s, i) => (s, i)))
            {
                db.Add(new AnnualPlanEntry { Year = Year, KeyProject = projects[i], UnitId = s.Unit.Id, PlanType = s.Type, AnnualPlannedInvestment = s.PlanWan * Wan });
                if (s.DoneWan > 0)
                {
                    db.Add(new ProgressReport
                    {
                        KeyProject = projects[i],
                        UnitId = s.Unit.Id,
                        Year = Year,
                        Month = 4,
                        InvestmentThisMonth = s.DoneWan * Wan,
                        InvestmentYearToDate = s.DoneWan * Wan,
                        InvestmentSinceStart = s.DoneWan * Wan,
                        Status = SubmissionStatus.Accepted,
                        RecordedAtUtc = accepted.AddDays(-1),
                        AcceptedAtUtc = accepted,
                    });
                }
            }

            db.AddRange(
                new ProjectStageChange { KeyProject = projects[3], UnitId = lezhi.Id, Stage = ProjectStage.Started, OnDate = new(Year, 2, 15), RecordedAtUtc = accepted },
                new ProjectStageChange { KeyProject = projects[5], UnitId = lezhi.Id, Stage = ProjectStage.Started, OnDate = new(Year, 3, 10), RecordedAtUtc = accepted },
                new Problem { Title = "通报问题：生态补水资金缺口", Kind = ProblemKind.Funds, UnitId = anyue.Id, KeyProject = projects[7], CoordinatingLeader = "市政府分管副市长", Deadline = new(2001, 1, 1), CreatedAtUtc = accepted },
                new Problem { Title = "通报已解决问题", Kind = ProblemKind.Land, UnitId = lezhi.Id, KeyProject = projects[0], Status = ProblemStatus.Resolved, Answer = "已解决", CreatedAtUtc = accepted },
                new Problem { Title = "前期项目问题：规划选址", Kind = ProblemKind.Approvals, UnitId = lezhi.Id, KeyProject = projects[6], CreatedAtUtc = accepted });
            await db.SaveChangesAsync();
        }
        finally
        {
            Once.Release();
        }
    }
}
