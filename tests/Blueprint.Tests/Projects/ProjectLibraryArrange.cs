using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>
/// Four projects on one plan year, each with a plan of 1,000 万元 and an April report: at the
/// end of April (序时进度 33.3 %) 安岳 has one ahead (40 %, green), one in 安岳经济开发区 just
/// behind (30 %, yellow) and one far behind (10 %, red); 乐至 has one far behind (5 %, red).
/// </summary>
internal static class ProjectLibraryArrange
{
    public const long Wan = Figure.YuanPerWan;

    public sealed record Arranged(int Year, string Tag, Dictionary<string, int> Ids);

    public static async Task<Arranged> FourProjectsAsync(TestApp app, int year, string tag)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var units = await db.Set<Unit>().Where(u => u.Code == "ZY-AY" || u.Code == "ZY-AY-JKQ" || u.Code == "ZY-LZ").ToDictionaryAsync(u => u.Code, u => u.Id);
        (string Key, string Unit, ProjectCategory Category, long DoneWan)[] specs =
        [
            ("green", "ZY-AY", ProjectCategory.Industry, 400),
            ("yellow", "ZY-AY-JKQ", ProjectCategory.Industry, 300),
            ("red", "ZY-AY", ProjectCategory.Infrastructure, 100),
            ("lezhi", "ZY-LZ", ProjectCategory.Livelihood, 50),
        ];
        var projects = specs.ToDictionary(s => s.Key, s => new KeyProject
        {
            Code = $"{tag}-{s.Key}",
            Name = $"项目库测试{tag}{s.Key}",
            UnitId = units[s.Unit],
            Category = s.Category,
            Stage = ProjectStage.UnderConstruction,
            ResponsibleLeader = "测试联系领导" + tag,
            TotalInvestment = 5_000 * Wan,
        });
        db.AddRange(projects.Values);
        foreach (var s in specs)
        {
            var p = projects[s.Key];
            db.Add(new AnnualPlanEntry { Year = year, KeyProject = p, UnitId = p.UnitId, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 1_000 * Wan });

            // Accepted in the past: the list counts what is known now.
            var accepted = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            db.Add(new ProgressReport
            {
                KeyProject = p,
                UnitId = p.UnitId,
                Year = year,
                Month = 4,
                InvestmentThisMonth = s.DoneWan * Wan,
                InvestmentYearToDate = s.DoneWan * Wan,
                InvestmentSinceStart = s.DoneWan * Wan,
                Status = SubmissionStatus.Accepted,
                RecordedAtUtc = accepted,
                AcceptedAtUtc = accepted,
            });
        }

        await db.SaveChangesAsync();
        return new Arranged(year, tag, projects.ToDictionary(p => p.Key, p => p.Value.Id));
    }
}
