using System.Security.Claims;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Reports;

/// <summary>
/// Own data for the unit page and report tests: two counties of their own under the city
/// (报告测试县, 报告测试区) with projects and indicators in 2068, a year no other test uses, and
/// supervision items and a problem of their own. Figures at the end of June 2068 (序时进度 50 %):
///
/// - 报告测试县: continuing 1,000 / 3,000 万元 with 100 / 1,500 done; a planned start of 500 that has
///   started with nothing done: 1,600 ÷ 4,500 = 35.6 %, 14.4 points behind (red); 开工率 100 %.
///   Indicators: one green (60 of 120 due 60), one red (10 of 100 due 50), one without data.
///   Supervision: one open item overdue (red), one open with a far deadline. One overdue problem.
/// - 报告测试区: continuing 1,000 with 600 done: 60.0 %, ranked first.
/// </summary>
internal static class ReportArrange
{
    public const int Year = 2068, Month = 6;
    public const string CountyCode = "RPT-T", DistrictCode = "RPT-T2";

    private const long Wan = Figure.YuanPerWan;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public sealed record Arranged(Unit County, Unit District);

    public static async Task<Arranged> ArrangeAsync(TestApp app)
    {
        await Gate.WaitAsync();
        try
        {
            using var scope = app.SystemScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            if (await db.Set<Unit>().AsNoTracking().SingleOrDefaultAsync(u => u.Code == CountyCode) is { } done)
            {
                return new Arranged(done, await db.Set<Unit>().AsNoTracking().SingleAsync(u => u.Code == DistrictCode));
            }

            var root = await db.Set<Unit>().SingleAsync(u => u.ParentId == null);
            var county = await UnitAsync(db, root, "报告测试县", CountyCode);
            var district = await UnitAsync(db, root, "报告测试区", DistrictCode);
            // Accepted in the past: figures count what was known by now, and 2068 has not come yet.
            var accepted = new DateTime(2024, 1, 5, 0, 0, 0, DateTimeKind.Utc);

            KeyProject Project(Unit unit, int n, PlanType type, long planWan, long doneWan)
            {
                var project = new KeyProject { Code = $"RPT-{n}", Name = $"报告测试项目{n}", UnitId = unit.Id, Category = ProjectCategory.Industry, TotalInvestment = 10_000 * Wan };
                db.Add(new AnnualPlanEntry { Year = Year, KeyProject = project, UnitId = unit.Id, PlanType = type, AnnualPlannedInvestment = planWan * Wan });
                if (doneWan > 0)
                {
                    db.Add(new ProgressReport
                    {
                        KeyProject = project,
                        UnitId = unit.Id,
                        Year = Year,
                        Month = Month,
                        InvestmentThisMonth = doneWan * Wan,
                        InvestmentYearToDate = doneWan * Wan,
                        InvestmentSinceStart = doneWan * Wan,
                        Status = SubmissionStatus.Accepted,
                        RecordedAtUtc = accepted.AddDays(-1),
                        AcceptedAtUtc = accepted,
                    });
                }

                return project;
            }

            var slow = Project(county, 1, PlanType.Continuing, 1_000, 100);
            Project(county, 2, PlanType.Continuing, 3_000, 1_500);
            var started = Project(county, 3, PlanType.PlannedStart, 500, 0);
            Project(district, 4, PlanType.Continuing, 1_000, 600);
            db.Add(new ProjectStageChange { KeyProject = started, UnitId = county.Id, Stage = ProjectStage.Started, OnDate = new(Year, 3, 1), RecordedAtUtc = accepted });
            db.Add(new Problem { Title = "报告测试问题：用地指标", Kind = ProblemKind.Land, UnitId = county.Id, KeyProject = slow, Deadline = new(2001, 1, 1), CreatedAtUtc = accepted });

            var plan = await db.Set<PlanYear>().SingleOrDefaultAsync(p => p.Year == Year) ?? db.Add(new PlanYear { Year = Year, Title = $"{Year}年蓝图" }).Entity;
            Indicator Indicator(string name, decimal target, decimal? june)
            {
                var indicator = new Indicator
                {
                    PlanYear = plan,
                    Name = name,
                    Measure = "亿元",
                    Direction = IndicatorDirection.HigherIsBetter,
                    ValueKind = IndicatorValueKind.YearToDate,
                    AnnualTarget = target,
                    Profile = ScheduleProfile.Monthly,
                    UnitId = county.Id,
                };
                db.Add(indicator);
                if (june is { } value)
                {
                    db.Add(new IndicatorValue
                    {
                        Indicator = indicator,
                        UnitId = county.Id,
                        Year = Year,
                        Period = Month,
                        Value = value,
                        Status = SubmissionStatus.Accepted,
                        RecordedAtUtc = accepted.AddDays(-1),
                        AcceptedAtUtc = accepted,
                    });
                }

                return indicator;
            }

            Indicator("报告测试指标（正常）", 120m, 60m);
            Indicator("报告测试指标（滞后）", 100m, 10m);
            Indicator("报告测试指标（无数据）", 50m, null);

            SupervisionItem Item(string key, DateOnly deadline, StatusLight light) => new()
            {
                CaseNumber = $"RPT-{key}",
                Title = $"报告测试督办{key}",
                UnitId = county.Id,
                Deadline = deadline,
                OriginalDeadline = deadline,
                Status = SupervisionStatus.InProgress,
                Light = light,
                CreatedAtUtc = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc),
            };
            db.AddRange(Item("A", new DateOnly(2024, 1, 10), StatusLight.Red), Item("B", new DateOnly(2099, 12, 31), StatusLight.Green));
            await db.SaveChangesAsync();
            return new Arranged(county, district);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A DI scope acting as a user who sees only the given unit (no demo account does).</summary>
    public static IServiceScope ScopeOf(TestApp app, Unit unit)
    {
        var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "0"), new Claim(CurrentUser.UnitClaim, unit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CurrentUser.UnitPathClaim, unit.Path), new Claim(CurrentUser.ScopeClaim, nameof(DataScope.OwnUnit)),
        ], "test")));
        return scope;
    }

    private static async Task<Unit> UnitAsync(BlueprintDb db, Unit root, string name, string code)
    {
        var unit = new Unit { Name = name, Code = code, Kind = UnitKind.County, ParentId = root.Id, SortOrder = 900 };
        db.Add(unit);
        await db.SaveChangesAsync();
        unit.Path = $"{root.Path}{unit.Id}/";
        await db.SaveChangesAsync();
        return unit;
    }
}
