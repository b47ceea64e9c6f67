using Blueprint.Web.Features.Projects;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    /// <summary>
    /// One demo project: amounts in 亿元 for readability (converted to 元 when stored), its place
    /// in the 2023 plan, its dates, and a pace (share of the annual plan it completes) that makes
    /// its status light green, yellow or red.
    /// </summary>
    private sealed record ProjectSeed
    {
        public required string Code { get; init; }
        public required string Name { get; init; }
        public required string Unit { get; init; }
        public ProjectCategory Category { get; init; }
        public string? Chain { get; init; }
        public ChainLink Link { get; init; }
        public required string Location { get; init; }
        public required string Leader { get; init; }
        public decimal Total { get; init; }
        public decimal Prior { get; init; }
        public PlanType Plan { get; init; }
        public decimal Annual { get; init; }
        public int? PlannedStartMonth { get; init; }
        public int? CompletionMonth { get; init; }
        public DateOnly? Started { get; init; }
        public DateOnly? Completed { get; init; }
        public DateOnly? SignedOn { get; init; }
        public DateOnly PlannedFinish { get; init; }
        public ProjectStage Stage { get; init; }
        public decimal Pace { get; init; } = 1m;
        public required string[] Works { get; init; }
        public string? Description { get; init; }
        public string? Trouble { get; init; }
        public ProjectBenefit? Benefit { get; init; }
        public ProjectBenefit? Actual { get; init; }
    }

    private static ProjectBenefit Benefit(decimal outputYi, decimal taxWan, int jobs, decimal runningCostWan = 0) =>
        new() { OutputValue = Yi(outputYi), Tax = Wan(taxWan), Jobs = jobs, RunningCost = Wan(runningCostWan) };

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private const string Gx = "市委常委、高新区党工委书记";
    private const string Lk = "市委常委、临空经济区党工委书记";
    private const string ViceIndustry = "市政府分管工业副市长";
    private const string ViceBuild = "市政府分管住建副市长";
    private const string ViceSocial = "市政府分管教育卫健副市长";
    private const string ViceFarm = "市政府分管农业农村副市长";
    private const string ViceTransport = "市政府分管交通副市长";

    private static List<ProjectSeed> ProjectSeeds()
    {
        string[] factory = ["场平及桩基施工", "厂房主体结构施工", "厂房封顶、钢结构及屋面安装", "设备安装调试"];
        string[] building = ["基础及地下室施工", "主体结构施工", "主体封顶、二次结构施工", "装饰装修及室外配套施工"];
        string[] road = ["路基土石方施工", "桥涵及管网施工", "路面基层施工", "沥青摊铺及交安附属工程"];
        string[] pipe = ["管网开挖及管道铺设", "检查井及泵站施工", "管网接驳及闭水试验", "路面恢复"];
        string[] farm = ["土地整理", "高标准农田及沟渠建设", "稻虾田改造", "冷链仓储等配套设施建设"];
        string[] river = ["河道清淤", "截污干管施工", "湿地及生态护岸建设", "滨河绿道建设"];

        return
        [
            // 2023 key list: continuing (续建)
            new() { Code = "ZY2023-001", Name = "中国牙谷口腔医疗器械产业园(三期)", Unit = DemoUnits.HighTechZone, Category = ProjectCategory.Industry, Chain = "口腔装备材料", Link = ChainLink.Strengthen, Location = "资阳高新区中国牙谷", Leader = Gx,
                Total = 35m, Prior = 14.2m, Plan = PlanType.Continuing, Annual = 8m, Started = D(2021, 6, 18), PlannedFinish = D(2025, 6, 30), Stage = ProjectStage.UnderConstruction, Pace = 1.06m, Works = factory,
                Benefit = Benefit(60m, 30_000m, 5000) },
            new() { Code = "ZY2023-002", Name = "中国牙谷口腔药械检验检测中心", Unit = DemoUnits.HighTechZone, Category = ProjectCategory.Industry, Chain = "口腔装备材料", Link = ChainLink.FillGap, Location = "资阳高新区中国牙谷", Leader = Gx,
                Total = 6.8m, Prior = 3.6m, Plan = PlanType.Continuing, Annual = 3.2m, CompletionMonth = 11, Started = D(2022, 4, 12), Completed = D(2023, 11, 24), PlannedFinish = D(2023, 11, 30), Stage = ProjectStage.InProduction, Works = building,
                Benefit = Benefit(1.2m, 1000m, 260), Actual = Benefit(0.05m, 40m, 120), Description = "为口腔药械企业提供注册检验、委托检验服务，2023年12月投入运营。" },
            new() { Code = "ZY2023-003", Name = "临空智谷科创中心(一期)", Unit = DemoUnits.AirportZone, Category = ProjectCategory.Industry, Chain = "电子信息", Link = ChainLink.Build, Location = "资阳临空经济区临空智谷", Leader = Lk,
                Total = 22m, Prior = 7.5m, Plan = PlanType.Continuing, Annual = 6m, Started = D(2022, 3, 20), PlannedFinish = D(2024, 12, 31), Stage = ProjectStage.UnderConstruction, Pace = 1.04m, Works = building,
                Benefit = Benefit(30m, 12_000m, 3000) },
            new() { Code = "ZY2023-004", Name = "天府艺谷文化创意产业园(一期)", Unit = DemoUnits.AirportZone, Category = ProjectCategory.Industry, Chain = "文化创意", Link = ChainLink.Build, Location = "资阳临空经济区天府艺谷", Leader = Lk,
                Total = 18m, Prior = 3.1m, Plan = PlanType.Continuing, Annual = 4.5m, Started = D(2022, 9, 16), PlannedFinish = D(2025, 6, 30), Stage = ProjectStage.UnderConstruction, Pace = 0.78m, Works = building,
                Trouble = "二期地块用地报批未完成，施工单位无法进场", Benefit = Benefit(8m, 4000m, 1500) },
            new() { Code = "ZY2023-005", Name = "资阳机车汽车零部件产业园", Unit = DemoUnits.HighTechZone, Category = ProjectCategory.Industry, Chain = "机车汽车", Link = ChainLink.Strengthen, Location = "资阳高新区机车产业园", Leader = ViceIndustry,
                Total = 12m, Prior = 5.4m, Plan = PlanType.Continuing, Annual = 3.2m, Started = D(2022, 4, 8), PlannedFinish = D(2024, 6, 30), Stage = ProjectStage.UnderConstruction, Pace = 0.95m, Works = factory,
                Benefit = Benefit(25m, 8000m, 1800) },
            new() { Code = "ZY2023-006", Name = "资阳高新区标准化厂房(二期)", Unit = DemoUnits.Investment, Category = ProjectCategory.Industry, Chain = "先进制造", Link = ChainLink.FillGap, Location = "资阳高新区南部园区", Leader = ViceIndustry,
                Total = 6m, Prior = 2.2m, Plan = PlanType.Continuing, Annual = 2.5m, Started = D(2022, 8, 10), PlannedFinish = D(2024, 3, 31), Stage = ProjectStage.UnderConstruction, Pace = 1.01m, Works = factory,
                Benefit = Benefit(0.3m, 200m, 40) },
            new() { Code = "ZY2023-007", Name = "安岳县城区雨污分流工程", Unit = DemoUnits.AnyueHousing, Category = ProjectCategory.Ecology, Location = "安岳县城区", Leader = ViceBuild,
                Total = 7.52m, Prior = 1.3m, Plan = PlanType.Continuing, Annual = 2.6m, Started = D(2022, 10, 18), PlannedFinish = D(2025, 6, 30), Stage = ProjectStage.UnderConstruction, Pace = 0.98m, Works = pipe,
                Description = "总投资7.52亿元，改造城区雨污合流管网，新建污水主干管及提升泵站。", Benefit = Benefit(0m, 0m, 0, 320m) },
            new() { Code = "ZY2023-008", Name = "安岳县城区老旧燃气管道更新改造工程(东城片区)", Unit = DemoUnits.AnyueHousing, Category = ProjectCategory.Infrastructure, Location = "安岳县东城片区", Leader = ViceBuild,
                Total = 0.68m, Prior = 0.2m, Plan = PlanType.Continuing, Annual = 0.48m, CompletionMonth = 8, Started = D(2022, 11, 15), Completed = D(2023, 8, 22), PlannedFinish = D(2023, 8, 31), Stage = ProjectStage.Completed, Works = pipe },
            new() { Code = "ZY2023-009", Name = "乐至县城至天池快速通道改建工程", Unit = DemoUnits.Lezhi, Category = ProjectCategory.Infrastructure, Location = "乐至县天池街道至城区", Leader = ViceTransport,
                Total = 9.8m, Prior = 3.9m, Plan = PlanType.Continuing, Annual = 3m, Started = D(2022, 5, 26), PlannedFinish = D(2024, 10, 31), Stage = ProjectStage.UnderConstruction, Pace = 1.05m, Works = road },
            new() { Code = "ZY2023-010", Name = "乐至县智能制造产业园标准化厂房(二期)", Unit = DemoUnits.Lezhi, Category = ProjectCategory.Industry, Chain = "先进制造", Link = ChainLink.FillGap, Location = "乐至经济开发区", Leader = ViceIndustry,
                Total = 4.5m, Prior = 1.6m, Plan = PlanType.Continuing, Annual = 2m, Started = D(2022, 7, 1), PlannedFinish = D(2024, 6, 30), Stage = ProjectStage.UnderConstruction, Pace = 0.99m, Works = factory,
                Benefit = Benefit(6m, 1500m, 800) },
            new() { Code = "ZY2023-011", Name = "资阳市中心医院新区医院", Unit = DemoUnits.Health, Category = ProjectCategory.Livelihood, Location = "资阳市雁江区娇子大道", Leader = ViceSocial,
                Total = 12m, Prior = 4.8m, Plan = PlanType.Continuing, Annual = 3.5m, Started = D(2021, 12, 20), PlannedFinish = D(2024, 12, 31), Stage = ProjectStage.UnderConstruction, Pace = 0.88m, Works = building,
                Trouble = "专项债券资金到位滞后，工程款支付压力大", Benefit = Benefit(0m, 0m, 1200, 2000m), Description = "新增床位1000张。" },
            new() { Code = "ZY2023-012", Name = "沱江资阳段水生态综合治理工程", Unit = DemoUnits.Ecology, Category = ProjectCategory.Ecology, Location = "沱江资阳段", Leader = "市政府分管生态环境副市长",
                Total = 8.6m, Prior = 3m, Plan = PlanType.Continuing, Annual = 2.4m, Started = D(2022, 6, 15), PlannedFinish = D(2024, 12, 31), Stage = ProjectStage.UnderConstruction, Works = river,
                Benefit = Benefit(0m, 0m, 0, 450m) },
            new() { Code = "ZY2023-013", Name = "成资大道东延线(临空经济区段)", Unit = DemoUnits.AirportZone, Category = ProjectCategory.Infrastructure, Location = "资阳临空经济区", Leader = ViceTransport,
                Total = 14m, Prior = 6.2m, Plan = PlanType.Continuing, Annual = 4m, Started = D(2022, 2, 25), PlannedFinish = D(2024, 6, 30), Stage = ProjectStage.UnderConstruction, Pace = 1.05m, Works = road },
            new() { Code = "ZY2023-014", Name = "安岳县城北小学新建项目", Unit = DemoUnits.AnyueEducation, Category = ProjectCategory.Livelihood, Location = "安岳县城北新区", Leader = ViceSocial,
                Total = 1.35m, Prior = 0.7m, Plan = PlanType.Continuing, Annual = 0.65m, CompletionMonth = 8, Started = D(2022, 7, 8), Completed = D(2023, 8, 20), PlannedFinish = D(2023, 8, 31), Stage = ProjectStage.Completed, Works = building,
                Description = "新建28个教学班，新增学位1260个，2023年秋季学期投用。", Benefit = Benefit(0m, 0m, 75, 1100m), Actual = Benefit(0m, 0m, 72, 1050m) },
            new() { Code = "ZY2023-015", Name = "安岳中学教学综合楼扩建项目", Unit = DemoUnits.AnyueEducation, Category = ProjectCategory.Livelihood, Location = "安岳县岳阳镇", Leader = ViceSocial,
                Total = 0.96m, Prior = 0.45m, Plan = PlanType.Continuing, Annual = 0.51m, CompletionMonth = 8, Started = D(2022, 9, 5), Completed = D(2023, 8, 25), PlannedFinish = D(2023, 8, 31), Stage = ProjectStage.Completed, Works = building,
                Description = "新增学位850个，2023年秋季学期投用。" },

            // 2023 key list: planned start (计划开工)
            new() { Code = "ZY2023-016", Name = "雁江区2023年城镇老旧小区改造项目", Unit = DemoUnits.Yanjiang, Category = ProjectCategory.Livelihood, Location = "雁江区城区", Leader = ViceBuild,
                Total = 3.2m, Plan = PlanType.PlannedStart, Annual = 3m, PlannedStartMonth = 3, CompletionMonth = 12, Started = D(2023, 3, 20), PlannedFinish = D(2023, 12, 31), Stage = ProjectStage.UnderConstruction, Pace = 0.95m, Works = building,
                Description = "改造老旧小区46个、惠及居民8200户。" },
            new() { Code = "ZY2023-017", Name = "马蹄湾现代农业园区", Unit = DemoUnits.Yanjiang, Category = ProjectCategory.Industry, Chain = "现代农业", Link = ChainLink.Extend, Location = "雁江区马蹄湾", Leader = ViceFarm,
                Total = 5.6m, Plan = PlanType.PlannedStart, Annual = 2.2m, PlannedStartMonth = 3, Started = D(2023, 3, 28), PlannedFinish = D(2025, 12, 31), Stage = ProjectStage.UnderConstruction, Pace = 1.02m, Works = farm,
                Description = "突出市场导向、坚持效益优先：已通过项目争取国家开发银行、中国农业发展银行贷款2.4亿元解决园区建设资金；大力发展稻虾等经济效益高的产业，努力实现投入产出自平衡，建成后不再依赖财政持续投入。",
                Benefit = Benefit(1.8m, 600m, 1200, 0m), Actual = Benefit(0.32m, 80m, 460, 150m) },
            new() { Code = "ZY2023-018", Name = "安岳县城区老旧燃气管道更新改造工程(西城片区)", Unit = DemoUnits.AnyueHousing, Category = ProjectCategory.Infrastructure, Location = "安岳县西城片区", Leader = ViceBuild,
                Total = 0.52m, Plan = PlanType.PlannedStart, Annual = 0.52m, PlannedStartMonth = 2, CompletionMonth = 10, Started = D(2023, 2, 20), Completed = D(2023, 10, 26), PlannedFinish = D(2023, 10, 31), Stage = ProjectStage.Completed, Works = pipe },
            new() { Code = "ZY2023-019", Name = "安岳县城区老旧燃气管道更新改造工程(南部新城片区)", Unit = DemoUnits.AnyueHousing, Category = ProjectCategory.Infrastructure, Location = "安岳县南部新城", Leader = ViceBuild,
                Total = 0.45m, Plan = PlanType.PlannedStart, Annual = 0.45m, PlannedStartMonth = 3, CompletionMonth = 11, Started = D(2023, 4, 10), Completed = D(2023, 11, 28), PlannedFinish = D(2023, 11, 30), Stage = ProjectStage.Completed, Works = pipe },
            new() { Code = "ZY2023-020", Name = "安岳经开区幼儿园建设项目", Unit = DemoUnits.AnyueZone, Category = ProjectCategory.Livelihood, Location = "安岳经济开发区", Leader = ViceSocial,
                Total = 0.42m, Plan = PlanType.PlannedStart, Annual = 0.42m, PlannedStartMonth = 2, CompletionMonth = 8, Started = D(2023, 2, 25), Completed = D(2023, 8, 28), PlannedFinish = D(2023, 8, 31), Stage = ProjectStage.Completed, Works = building,
                Description = "装配式建设，18个班，新增学位540个，2023年秋季学期开园。", Benefit = Benefit(0m, 0m, 45, 380m), Actual = Benefit(0m, 0m, 42, 360m) },
            new() { Code = "ZY2023-021", Name = "星河动力新一代固体飞行器研发生产基地项目", Unit = DemoUnits.AirportZone, Category = ProjectCategory.Industry, Chain = "商业航天", Link = ChainLink.Build, Location = "资阳临空经济区航天产业园", Leader = Lk,
                Total = 25m, Plan = PlanType.PlannedStart, Annual = 2m, PlannedStartMonth = 7, Started = D(2023, 10, 18), SignedOn = D(2023, 3, 16), PlannedFinish = D(2025, 12, 31), Stage = ProjectStage.UnderConstruction, Works = factory,
                Description = "“资阳造”商业大火箭研发生产基地，建设固体飞行器总装、测试厂房。", Trouble = "开工前安全评价及环评审批耗时较长，开工较计划推迟3个月", Benefit = Benefit(50m, 25_000m, 1500) },
            new() { Code = "ZY2023-022", Name = "Keeway高性能电动交通工具(西南生产基地)项目(二期)", Unit = DemoUnits.HighTechZone, Category = ProjectCategory.Industry, Chain = "机车汽车", Link = ChainLink.Extend, Location = "资阳高新区机车产业园", Leader = Gx,
                Total = 15m, Plan = PlanType.PlannedStart, Annual = 1m, PlannedStartMonth = 9, Started = D(2023, 11, 16), SignedOn = D(2023, 5, 10), PlannedFinish = D(2025, 6, 30), Stage = ProjectStage.Started, Works = factory,
                Description = "资阳打造交通装备产业集群的重大项目。", Benefit = Benefit(40m, 12_000m, 2000) },
            new() { Code = "ZY2023-023", Name = "安岳县中医医院门急诊综合楼建设项目", Unit = DemoUnits.Anyue, Category = ProjectCategory.Livelihood, Location = "安岳县岳阳镇", Leader = ViceSocial,
                Total = 3.8m, Plan = PlanType.PlannedStart, Annual = 1.2m, PlannedStartMonth = 3, Started = D(2023, 3, 28), PlannedFinish = D(2025, 6, 30), Stage = ProjectStage.UnderConstruction, Pace = 0.95m, Works = building,
                Description = "支撑争创全国基层中医药工作示范县。" },
            new() { Code = "ZY2023-024", Name = "乐至县G318线城区过境段改线工程", Unit = DemoUnits.Lezhi, Category = ProjectCategory.Infrastructure, Location = "乐至县城区", Leader = ViceTransport,
                Total = 6.2m, Plan = PlanType.PlannedStart, Annual = 2m, PlannedStartMonth = 4, Started = D(2023, 4, 16), PlannedFinish = D(2025, 5, 31), Stage = ProjectStage.UnderConstruction, Pace = 1.01m, Works = road },
            new() { Code = "ZY2023-025", Name = "乐至县城乡供水一体化工程", Unit = DemoUnits.LezhiDevelopment, Category = ProjectCategory.Livelihood, Location = "乐至县全域", Leader = ViceFarm,
                Total = 2.9m, Plan = PlanType.PlannedStart, Annual = 1m, PlannedStartMonth = 4, Started = D(2023, 4, 20), PlannedFinish = D(2024, 10, 31), Stage = ProjectStage.UnderConstruction, Pace = 0.9m, Works = pipe },
            new() { Code = "ZY2023-026", Name = "资阳临空国际物流港(一期)", Unit = DemoUnits.AirportZone, Category = ProjectCategory.Industry, Chain = "现代物流", Link = ChainLink.FillGap, Location = "资阳临空经济区", Leader = Lk,
                Total = 9m, Plan = PlanType.PlannedStart, Annual = 0.6m, PlannedStartMonth = 10, SignedOn = D(2023, 6, 15), PlannedFinish = D(2025, 12, 31), Stage = ProjectStage.Signed, Works = factory,
                Description = "已签约，规划调整未完成，未能按计划开工。", Benefit = Benefit(12m, 3000m, 600) },

            // 2023 reserve list (加快前期)
            new() { Code = "ZY2023-027", Name = "资阳商业航天发射技术研究院科研试验基地", Unit = DemoUnits.AirportZone, Category = ProjectCategory.Industry, Chain = "商业航天", Link = ChainLink.Build, Location = "资阳临空经济区", Leader = Lk,
                Total = 8m, Plan = PlanType.Reserve, SignedOn = D(2023, 9, 22), PlannedFinish = D(2026, 6, 30), Stage = ProjectStage.Signed, Works = building,
                Description = "航天三院于2023年9月在资注册成立资阳商业航天发射技术研究院，资阳国防科技工业实现“从无到有”。" },
            new() { Code = "ZY2023-028", Name = "中国牙谷口腔材料产业化基地", Unit = DemoUnits.HighTechZone, Category = ProjectCategory.Industry, Chain = "口腔装备材料", Link = ChainLink.Extend, Location = "资阳高新区中国牙谷", Leader = Gx,
                Total = 5m, Plan = PlanType.Reserve, Started = D(2023, 8, 18), PlannedFinish = D(2025, 3, 31), Stage = ProjectStage.UnderConstruction, Works = factory, Benefit = Benefit(10m, 3000m, 700) },
            new() { Code = "ZY2023-029", Name = "成渝现代高效特色农业带核心区(乐至段)", Unit = DemoUnits.Lezhi, Category = ProjectCategory.Industry, Chain = "现代农业", Link = ChainLink.Extend, Location = "乐至县童家镇", Leader = ViceFarm,
                Total = 3.5m, Plan = PlanType.Reserve, Started = D(2023, 9, 12), PlannedFinish = D(2025, 12, 31), Stage = ProjectStage.UnderConstruction, Works = farm, Benefit = Benefit(1.2m, 300m, 900) },
            new() { Code = "ZY2023-030", Name = "雁江区沱江滨江生态带", Unit = DemoUnits.Yanjiang, Category = ProjectCategory.Ecology, Location = "雁江区沱江沿岸", Leader = "市政府分管生态环境副市长",
                Total = 4.2m, Plan = PlanType.Reserve, PlannedFinish = D(2026, 12, 31), Stage = ProjectStage.Planning, Works = river },
        ];
    }
}
