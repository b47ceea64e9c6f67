using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>
/// The bulletin figures from the database, for any month and as known at any instant, against
/// the hand-computed worked example of PRODUCT.md. Each provider gets its own plan year so the
/// demo data and other tests do not interfere.
/// </summary>
public sealed class BulletinTests(Apps apps)
{
    private const long Wan = Figure.YuanPerWan;

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_worked_example_as_of_month_and_as_known_at_an_instant(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var year = provider == DatabaseProvider.Sqlite ? 2071 : 2072; // years no other test uses
        await ArrangeAsync(app, year, provider.ToString());
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");

        async Task<BulletinDto> GetAsync(int month, DateTime knownAt) =>
            (await office.GetFromJsonAsync<BulletinDto>($"/api/bulletin?year={year}&month={month}&knownAtUtc={knownAt:O}", ct))!;

        // End of April, as known on 31 May: exactly the example of the product brief.
        var april = await GetAsync(4, Utc(year, 5, 31));
        Assert.Equal(5, april.All.Count);
        Assert.Equal(7_000 * Wan, april.All.AnnualPlan);
        Assert.Equal(2_300 * Wan, april.All.CompletedYearToDate);
        Assert.Equal("32.9%", april.All.CompletionRateText);
        Assert.Equal("33.3%", april.All.ElapsedScheduleText);
        Assert.Equal("-0.5", april.All.AheadOfScheduleText);
        Assert.Equal(StatusLight.Yellow, april.All.Light);
        Assert.Equal((1, 2, 0.5m), (april.All.Started, april.All.PlannedStarts, april.All.StartRate));
        Assert.Equal((1, 1, 1m), (april.All.Completed, april.All.PlannedCompletions, april.All.FinishRate));
        Assert.Equal((1, 2, 0.5m), (april.All.ReserveStarted, april.All.Reserve, april.All.ConversionRate));

        var infrastructure = april.ByCategory.Single(r => r.Key == "category:Infrastructure");
        Assert.Equal((3_000 * Wan, 900 * Wan), (infrastructure.AnnualPlan, infrastructure.CompletedYearToDate));
        var plannedStarts = april.ByPlanType.Single(r => r.Key == "plan:PlannedStart");
        Assert.Equal("10.0%", plannedStarts.CompletionRateText);
        var lezhi = Assert.Single(april.ByUnit);
        Assert.Equal(april.All.CompletedYearToDate, lezhi.CompletedYearToDate);

        // On 2 June the correction of project 2 (500 → 700 万元) has been accepted.
        var corrected = await GetAsync(4, Utc(year, 6, 2));
        Assert.Equal(2_500 * Wan, corrected.All.CompletedYearToDate);
        Assert.Equal("35.7%", corrected.All.CompletionRateText);
        Assert.Equal("+2.4", corrected.All.AheadOfScheduleText);
        Assert.Equal(StatusLight.Green, corrected.All.Light);

        // On 1 May the April reports were not yet accepted: only March counts.
        var beforeAcceptance = await GetAsync(4, Utc(year, 5, 1));
        Assert.Equal(300 * Wan, beforeAcceptance.All.CompletedYearToDate);
        Assert.Equal("4.3%", beforeAcceptance.All.CompletionRateText);
        Assert.Equal(StatusLight.Red, beforeAcceptance.All.Light);

        // End of March: project 3 had not yet completed (20 April), the reserve project had started (10 March).
        var march = await GetAsync(3, Utc(year, 12, 31));
        Assert.Equal(300 * Wan, march.All.CompletedYearToDate);
        Assert.Equal("25.0%", march.All.ElapsedScheduleText);
        Assert.Equal(0m, march.All.FinishRate);
        Assert.Equal(0.5m, march.All.StartRate);
        Assert.Equal(0.5m, march.All.ConversionRate);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_county_sees_only_its_own_projects_in_the_bulletin(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var year = provider == DatabaseProvider.Sqlite ? 2073 : 2074;
        await ArrangeAsync(app, year, "scope" + provider);
        var ct = TestContext.Current.CancellationToken;

        var query = $"/api/bulletin?year={year}&month=4&knownAtUtc={year}-12-31T00:00:00Z";
        var anyue = await (await app.LoginAsync("anyue.reporter")).GetFromJsonAsync<BulletinDto>(query, ct);
        var lezhi = await (await app.LoginAsync("lezhi.reporter")).GetFromJsonAsync<BulletinDto>(query, ct);

        Assert.Equal(0, anyue!.All.Count);
        Assert.Null(anyue.All.CompletionRate);
        Assert.Equal(5, lezhi!.All.Count);
        Assert.Equal(2_500 * Wan, lezhi.All.CompletedYearToDate);
    }

    [Fact]
    public async Task The_demo_city_has_a_plausible_2023_bulletin()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var office = await app.LoginAsync("project.office");
        var november = await office.GetFromJsonAsync<BulletinDto>("/api/bulletin?year=2023&month=11", TestContext.Current.CancellationToken);

        Assert.True(november!.All.Count >= 20);
        Assert.InRange(november.All.CompletionRate!.Value, 0.5m, 1.2m);
        Assert.Equal(november.All.CompletedYearToDate, november.ByUnit.Sum(r => r.CompletedYearToDate));
        Assert.Equal(november.All.CompletedYearToDate, november.ByCategory.Sum(r => r.CompletedYearToDate));
        Assert.Equal(november.All.AnnualPlan, november.ByPlanType.Sum(r => r.AnnualPlan));
    }

    /// <summary>
    /// The worked example in 乐至县: three continuing projects (1,000 / 2,000 / 3,000 万元 planned,
    /// 400 / 500 / 1,300 done by April), two planned starts (500 / 500, one started with 100 done),
    /// two reserve projects (one started in March); project 3 planned and completed in April.
    /// </summary>
    private static async Task ArrangeAsync(TestApp app, int year, string tag)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ");
        (PlanType Type, ProjectCategory Category, long PlanWan, bool Completion)[] specs =
        [
            (PlanType.Continuing, ProjectCategory.Infrastructure, 1_000, false),
            (PlanType.Continuing, ProjectCategory.Infrastructure, 2_000, false),
            (PlanType.Continuing, ProjectCategory.Industry, 3_000, true),
            (PlanType.PlannedStart, ProjectCategory.Livelihood, 500, false),
            (PlanType.PlannedStart, ProjectCategory.Livelihood, 500, false),
            (PlanType.Reserve, ProjectCategory.Industry, 0, false),
            (PlanType.Reserve, ProjectCategory.Industry, 0, false),
        ];
        var projects = specs.Select((s, i) => new KeyProject { Code = $"BL-{tag}-{year}-{i + 1}", Name = $"通报测试项目{i + 1}", UnitId = unit.Id, Category = s.Category, TotalInvestment = 10_000 * Wan }).ToList();
        db.AddRange(projects);
        db.AddRange(specs.Select((s, i) => new AnnualPlanEntry { Year = year, KeyProject = projects[i], UnitId = unit.Id, PlanType = s.Type, PlannedCompletion = s.Completion, AnnualPlannedInvestment = s.PlanWan * Wan }));

        ProjectStageChange Stage(int index, ProjectStage stage, DateOnly on) =>
            new() { KeyProject = projects[index], UnitId = unit.Id, Stage = stage, OnDate = on, RecordedAtUtc = Utc(on.Year, on.Month, on.Day).AddDays(1) };
        db.AddRange(
            Stage(3, ProjectStage.Started, new DateOnly(year, 2, 15)),
            Stage(2, ProjectStage.Completed, new DateOnly(year, 4, 20)),
            Stage(5, ProjectStage.Started, new DateOnly(year, 3, 10)));

        ProgressReport Report(int index, int month, long ytdWan, DateTime acceptedAt) => new()
        {
            KeyProject = projects[index],
            UnitId = unit.Id,
            Year = year,
            Month = month,
            InvestmentThisMonth = ytdWan * Wan,
            InvestmentYearToDate = ytdWan * Wan,
            InvestmentSinceStart = ytdWan * Wan,
            Status = SubmissionStatus.Accepted,
            RecordedAtUtc = acceptedAt.AddDays(-1),
            AcceptedAtUtc = acceptedAt,
        };
        var april = Utc(year, 5, 7);
        var wrong = Report(1, 4, 500, april);
        db.AddRange(Report(0, 3, 300, Utc(year, 4, 7)), Report(0, 4, 400, april), wrong, Report(2, 4, 1_300, april), Report(3, 4, 100, april));
        await db.SaveChangesAsync();

        wrong.IsCurrent = false;
        var right = Report(1, 4, 700, Utc(year, 6, 1));
        right.SupersedesId = wrong.Id;
        right.CorrectionReason = "计量支付资料核对后更正";
        db.Add(right);
        await db.SaveChangesAsync();
    }
}
