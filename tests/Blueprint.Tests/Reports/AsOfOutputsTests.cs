using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reports;
using Blueprint.Web.Features.Units;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Blueprint.Tests.Reports;

/// <summary>
/// Issue 15: one as-of rule for every output. A month's outputs judge "open" and "overdue" at
/// the month's end as known now, never by today's date: the cockpit, the bulletin (its page data
/// and its Word file), the leader's brief, the supervision bulletin and the problem list they link
/// to say the same (problems open and overdue, overdue supervision items, the completion rate) for
/// three past months of the demo. Two problems make the difference visible (the host's today is
/// 2024-01-31): one due 2024-01-15 (after December's end, before today), never overdue in
/// October–December; one due 2023-12-20 and resolved in January, open and overdue in December.
/// </summary>
public sealed class AsOfOutputsTests
{
    private static readonly (int Year, int Month)[] Months = [(2023, 10), (2023, 11), (2023, 12)];

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_months_outputs_judge_problems_at_its_end_not_today(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        // A private city: the two problems below change 2023's figures, which other tests read.
        await using var app = await TestApp.StartAsync(provider);
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var project = await db.Set<KeyProject>().Where(p => db.Set<AnnualPlanEntry>().Any(e => e.KeyProjectId == p.Id && e.Year == 2023 && e.PlanType != PlanType.Reserve))
                .OrderBy(p => p.Code).FirstAsync(ct);
            db.AddRange(
                new Problem
                {
                    Title = "截止在月末之后的问题",
                    Kind = ProblemKind.Funds,
                    UnitId = project.UnitId,
                    KeyProjectId = project.Id,
                    Deadline = new DateOnly(2024, 1, 15),
                    Status = ProblemStatus.Open,
                    CreatedAtUtc = new DateTime(2023, 9, 10, 2, 0, 0, DateTimeKind.Utc),
                },
                new Problem
                {
                    Title = "十二月逾期一月解决的问题",
                    Kind = ProblemKind.Land,
                    UnitId = project.UnitId,
                    KeyProjectId = project.Id,
                    Deadline = new DateOnly(2023, 12, 20),
                    Status = ProblemStatus.Resolved,
                    Answer = "已解决",
                    CreatedAtUtc = new DateTime(2023, 9, 10, 2, 0, 0, DateTimeKind.Utc),
                    ClosedAtUtc = new DateTime(2024, 1, 10, 2, 0, 0, DateTimeKind.Utc),
                });
            await db.SaveChangesAsync(ct);
        }

        var office = await app.LoginAsync("project.office");
        foreach (var (year, month) in Months)
        {
            var day = new DateOnly(year, month, 1).AddMonths(1).AddDays(-1);
            var at = $"{year}-{month:D2}";
            using var scope = await app.UserScopeAsync("project.office");
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var t = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();

            // The bulletin's problems: open at the month's end, overdue then.
            var report = await BulletinReport.LoadAsync(db, new BulletinQuery(year, month), clock, ct);
            var overdue = report.OpenProblems.Where(p => p.IsOverdue).Select(p => p.Title).ToList();
            Assert.DoesNotContain(report.OpenProblems, p => p.IsOverdue && p.Deadline >= day);
            Assert.All(report.OpenProblems.Where(p => p.Deadline < day), p => Assert.True(p.IsOverdue, $"{at}: {p.Title}"));
            Assert.Contains("截止在月末之后的问题", report.OpenProblems.Select(p => p.Title));
            Assert.DoesNotContain("截止在月末之后的问题", overdue);
            Assert.Contains("十二月逾期一月解决的问题", report.OpenProblems.Select(p => p.Title));
            Assert.Equal(month == 12, overdue.Contains("十二月逾期一月解决的问题"));

            // The problem list the outputs link to, as it stood at the day, says the same of these problems.
            var listed = await ListAsync(office, $"/api/problems?status=Open&asOf={day:yyyy-MM-dd}&pageSize=200", ct);
            var listedOverdue = await ListAsync(office, $"/api/problems?status=Open&overdue=true&asOf={day:yyyy-MM-dd}&pageSize=200", ct);
            Assert.Subset(listed.ToHashSet(), report.OpenProblems.Select(p => p.Title).ToHashSet());
            Assert.Equal(overdue.Order(), report.OpenProblems.Select(p => p.Title).Where(listedOverdue.Contains).Order());

            // The cockpit counts what the list counts.
            var cockpit = await office.GetFromJsonAsync<JsonElement>($"/api/cockpit?year={year}&month={month}", ct);
            Assert.Equal(listed.Count, cockpit.GetProperty("problemsOpen").GetProperty("value").GetInt32());
            Assert.Equal(listedOverdue.Count, cockpit.GetProperty("problemsOverdue").GetProperty("value").GetInt32());

            // The supervision figures: the cockpit's overdue items are the supervision bulletin's red ones, which the brief prints.
            var supervision = await Blueprint.Web.Features.Supervision.SupervisionBulletin.ComputeAsync(db, new DateOnly(year, 1, 1), day, Blueprint.Web.Features.Supervision.SupervisionBulletin.Today(clock), ct);
            Assert.Equal(supervision.Red, cockpit.GetProperty("supervisionOverdue").GetProperty("value").GetInt32());

            // The projects' figures: the cockpit's completion rate is the bulletin's.
            Assert.Equal(report.Table.All.Figures.InvestmentCompletionRate,
                cockpit.GetProperty("projects").GetProperty("all").GetProperty("figures").GetProperty("investmentCompletionRate").GetDecimal());

            // The brief and the Word bulletin print the bulletin's figures.
            var brief = LeaderBriefText.From(await LeaderBrief.LoadAsync(db, year, month, clock, ct), t);
            Assert.Contains(brief.Paragraphs, p => p.Text == $"重点项目待协调问题{report.OpenProblems.Count}个，其中逾期未解决{overdue.Count}个。");
            Assert.Equal($"{supervision.Red}", brief.Figures.Single(f => f.Key == "overdue").Value);
            var docx = await office.GetByteArrayAsync($"/api/bulletin/docx?year={year}&month={month}", ct);
            using var word = WordprocessingDocument.Open(new MemoryStream(docx), false);
            var rows = word.MainDocumentPart!.Document!.Body!.Descendants<TableRow>().Select(r => r.InnerText).ToList();
            Assert.Equal(overdue.Count, rows.Count(r => r.Contains("（逾期）", StringComparison.Ordinal)));
            Assert.DoesNotContain(rows, r => r.Contains("截止在月末之后的问题", StringComparison.Ordinal) && r.Contains("逾期", StringComparison.Ordinal));
        }
    }

    private static async Task<List<string>> ListAsync(HttpClient client, string url, CancellationToken ct)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(url, ct);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!)];
    }
}
