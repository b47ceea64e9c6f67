using Blueprint.Web.Features.Milestones;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    /// <summary>The five dated achievements of the conference year the conference lists (month only), and the conference itself.</summary>
    private async Task<string> SeedMilestonesAsync()
    {
        Milestone[] milestones =
        [
            NewMilestone(D(2023, 1, 1), true, "国资国企高质量发展大会召开，实现“两个突破、一个翻番”", null, "2023.soe", DemoUnits.StateAssets, DemoUnits.Investment),
            NewMilestone(D(2023, 4, 1), true, "工商银行入股高投集团，开创国有银行对我市国有企业股权投资的先河", null, "2023.soe", DemoUnits.Investment, DemoUnits.StateAssets),
            NewMilestone(D(2023, 9, 1), true, "航天三院在资注册成立资阳商业航天发射技术研究院，资阳国防科技工业实现“从无到有”的突破", "ZY2023-027", "2023.lk", DemoUnits.AirportZone),
            NewMilestone(D(2023, 10, 1), true, "星河动力新一代固体飞行器研发生产基地项目在资阳开工，“资阳造”商业大火箭“飞”出新高度", "ZY2023-021", "2023.lk", DemoUnits.AirportZone),
            NewMilestone(D(2023, 11, 1), true, "Keeway高性能电动交通工具(西南生产基地)项目(二期)开工建设，资阳打造交通装备产业集群取得重大突破", "ZY2023-022", "2023.gx", DemoUnits.HighTechZone),
            NewMilestone(D(2023, 12, 4), false, "资阳市委工作务虚会召开", null, null, DemoUnits.City),
        ];
        milestones[^1].Description = Calendar.Text("参会800余人，参会单位、企业超100家，总时长4个小时；讨论“今年如何看”“明年怎么干”，开启2024年由“突破”到“跨越”的新征程。");
        db.AddRange(milestones);
        await db.SaveChangesAsync();
        return $"{milestones.Length} milestones";
    }

    private Milestone NewMilestone(DateOnly date, bool monthOnly, string title, string? project, string? goal, params string[] unitCodes)
    {
        var milestone = new Milestone
        {
            Date = Calendar.Date(date),
            MonthOnly = monthOnly,
            Title = Calendar.Text(title),
            KeyProject = project is null ? null : _projects[project],
            Goal = goal is null ? null : _goals[goal],
            IsPublic = true,
        };
        foreach (var code in unitCodes)
        {
            milestone.Units.Add(new MilestoneUnit { UnitId = UnitId(code) });
        }

        return milestone;
    }
}
