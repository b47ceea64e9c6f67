using Blueprint.Web.Features.Plans;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    private const string Positioning =
        "成都都市圈现代化产业新城、成渝地区中部崛起示范区。以成渝地区双城经济圈建设为总牵引、以成资同城化为战略支撑，"
        + "集中力量抓好“三件大事”，把临空经济区和高新区作为成资同城化和产业发展主阵地，促进中国牙谷、临空智谷、天府艺谷协同互动发展。";

    private readonly Dictionary<int, PlanYear> _planYears = [];
    private readonly Dictionary<string, Goal> _goals = [];

    private async Task<string> SeedPlansAsync()
    {
        var y2023 = new PlanYear
        {
            Year = Calendar.ConferenceYear,
            Title = Calendar.Text("资阳市2023年发展蓝图：从“改变”到“突破”"),
            Positioning = Positioning,
        };
        var y2024 = new PlanYear
        {
            Year = Calendar.RunningYear,
            Title = Calendar.Text("资阳市2024年发展蓝图：从“突破”到“跨越”"),
            Positioning = Positioning + Calendar.Text("2024年是资阳从“突破”到“跨越”的关键年，高新区提质发展、临空经济区突破发展的关键之年。"),
        };

        // keyed by the story's year: goals, indicators and plans below name 2023 and 2024
        _planYears[2023] = y2023;
        _planYears[2024] = y2024;

        string[] priorities =
        [
            "三件大事之一：推进成资同城化，打造成都都市圈现代化产业新城",
            "三件大事之二：建设临空经济区和高新区主阵地",
            "三件大事之三：构建现代化产业体系",
            "补齐民生短板，增进民生福祉",
        ];
        foreach (var year in new[] { y2023, y2024 })
        {
            for (var i = 0; i < priorities.Length; i++)
            {
                year.Priorities.Add(new Priority { Title = priorities[i], SortOrder = (i + 1) * 10 });
            }
        }

        db.AddRange(y2023, y2024);

        // key, year, priority (1-based), owner unit, title, description
        (string Key, int Year, int Priority, string Unit, string Title, string Description)[] goals =
        [
            ("2023.commute", 2023, 1, DemoUnits.Development, "织密成资渝交通网，推进成资同城化", "成资大道东延线等通道项目按期推进，融入成都都市圈“通勤圈”。"),
            ("2023.lezhi", 2023, 1, DemoUnits.Lezhi, "发挥交通区位优势，融入成渝“通勤圈”“生态圈”“朋友圈”", "加快路网建设，推进“三区三城”，引进“建链、强链、延链、补链”项目。"),
            ("2023.gx", 2023, 2, DemoUnits.HighTechZone, "高新区产业集聚提质", "推动口腔药械产业集聚发展、机车汽车产业转型发展。"),
            ("2023.lk", 2023, 2, DemoUnits.AirportZone, "临空经济区突破发展", "临空智谷、天府艺谷起势成形，商业航天实现从无到有。"),
            ("2023.economy", 2023, 3, DemoUnits.Development, "全市经济稳中有进、进中提质", "地区生产总值增长6.5%左右，能耗强度持续下降。"),
            ("2023.projects", 2023, 3, DemoUnits.Development, "全市重点项目年度投资目标", "续建项目按序时推进，计划开工项目应开尽开，加快前期项目加快转化。"),
            ("2023.soe", 2023, 3, DemoUnits.StateAssets, "深化国资国企改革", "国资国企高质量发展大会确定的“两个突破、一个翻番”目标。"),
            ("2023.industry", 2023, 3, DemoUnits.Industry, "规模以上工业提速增效", "先进制造业集聚发展，规模以上工业增加值稳定增长。"),
            ("2023.anyue", 2023, 4, DemoUnits.Anyue, "安岳县补齐城市基础设施和教育短板", "实施雨污分流工程，完成城区燃气管道改造，全年新增学位2650个。"),
            ("2023.air", 2023, 4, DemoUnits.Ecology, "生态环境质量持续改善", "PM2.5年均浓度下降，沱江资阳段水质稳定达标。"),
            ("2024.commute", 2024, 1, DemoUnits.Development, "成资同城化交通互联提速", "推进成资大道东延线、乐至城区过境段改线等通道建设。"),
            ("2024.gx", 2024, 2, DemoUnits.HighTechZone, "高新区提质发展：生产总值增长8%", "以“产业项目攻坚突破年”统揽全年工作。"),
            ("2024.lk", 2024, 2, DemoUnits.AirportZone, "临空经济区突破发展：生产总值增长10%", "以“产业项目攻坚突破年”统揽全年工作，商业航天产业集聚。"),
            ("2024.economy", 2024, 3, DemoUnits.Development, "推动资阳实现高质量发展新跨越", "全力以赴拼经济、搞建设，地区生产总值增长6.5%左右。"),
            ("2024.projects", 2024, 3, DemoUnits.Development, "全市重点项目年度投资目标", "重点项目投资与效益并重，投入产出一本账。"),
            ("2024.farm", 2024, 3, DemoUnits.Yanjiang, "马蹄湾现代农业园区投入产出自平衡", "坚持市场导向、效益优先，发展稻虾等高效益产业，建成后不再依赖财政持续投入。"),
            ("2024.anyue", 2024, 4, DemoUnits.Anyue, "安岳县医疗提质，争创全国基层中医药工作示范县", "加强县域医疗提质，提升基层中医药服务能力。"),
            ("2024.air", 2024, 4, DemoUnits.Ecology, "持续改善空气质量", "PM2.5年均浓度继续下降。"),
        ];
        foreach (var g in goals)
        {
            var year = _planYears[g.Year];
            var goal = new Goal
            {
                PlanYear = year,
                Priority = year.Priorities[g.Priority - 1],
                Title = Calendar.Text(g.Title),
                Description = Calendar.Text(g.Description),
                UnitId = UnitId(g.Unit),
            };
            _goals[g.Key] = goal;
            db.Add(goal);
        }

        await db.SaveChangesAsync();
        return $"2 plan years, {priorities.Length * 2} priorities, {goals.Length} goals";
    }
}
