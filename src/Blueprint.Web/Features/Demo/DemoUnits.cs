using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;

namespace Blueprint.Web.Features.Demo;

/// <summary>
/// The organisation tree of the demo city, 资阳市, as the 2023 work conference names it:
/// three districts and counties, the two development zones that are the city's industrial
/// main battlefield, the city departments and the state enterprise that speak at the meeting.
/// </summary>
public sealed class DemoUnits
{
    private readonly Dictionary<string, Unit> _byCode = [];

    public Unit this[string code] => _byCode[code];

    public IReadOnlyCollection<Unit> All => _byCode.Values;

    public const string City = "ZY";
    public const string Yanjiang = "ZY-YJ";
    public const string Anyue = "ZY-AY";
    public const string Lezhi = "ZY-LZ";
    public const string HighTechZone = "ZY-GX";
    public const string AirportZone = "ZY-LK";
    public const string Development = "ZY-FGW";
    public const string SupervisionOffice = "ZY-DCS";
    public const string Education = "ZY-JYJ";
    public const string Housing = "ZY-ZJJ";
    public const string StateAssets = "ZY-GZW";
    public const string Industry = "ZY-JXJ";
    public const string Agriculture = "ZY-NYJ";
    public const string Finance = "ZY-CZJ";
    public const string Ecology = "ZY-STJ";
    public const string Health = "ZY-WJW";
    public const string Investment = "ZY-GTJT";
    public const string AnyueDevelopment = "ZY-AY-FGJ";
    public const string AnyueHousing = "ZY-AY-ZJJ";
    public const string AnyueEducation = "ZY-AY-JYJ";
    public const string AnyueZone = "ZY-AY-JKQ";
    public const string LezhiDevelopment = "ZY-LZ-FGJ";
    public const string YanjiangAgriculture = "ZY-YJ-NYJ";

    public async Task SeedAsync(BlueprintDb db)
    {
        var city = await AddAsync(db, "资阳市", "资阳", City, UnitKind.City, null, 0, "资阳|市本级");
        await AddAsync(db, "雁江区", "雁江", Yanjiang, UnitKind.District, city, 10, "雁江");
        await AddAsync(db, "安岳县", "安岳", Anyue, UnitKind.County, city, 20, "安岳");
        await AddAsync(db, "乐至县", "乐至", Lezhi, UnitKind.County, city, 30, "乐至");
        await AddAsync(db, "资阳高新技术产业园区", "高新区", HighTechZone, UnitKind.DevelopmentZone, city, 40, "高新区|资阳高新区");
        await AddAsync(db, "资阳临空经济区", "临空经济区", AirportZone, UnitKind.DevelopmentZone, city, 50, "临空经济区|临空区");
        await AddAsync(db, "资阳市发展和改革委员会", "市发改委", Development, UnitKind.Department, city, 60, "市发改委|重点项目办");
        await AddAsync(db, "资阳市委市政府督查室", "市督查室", SupervisionOffice, UnitKind.Department, city, 61, "督查室");
        await AddAsync(db, "资阳市教育和体育局", "市教育局", Education, UnitKind.Department, city, 62, "市教育局|市教体局");
        await AddAsync(db, "资阳市住房和城乡建设局", "市住建局", Housing, UnitKind.Department, city, 63, "市住建局");
        await AddAsync(db, "资阳市国有资产监督管理委员会", "市国资委", StateAssets, UnitKind.Department, city, 64, "市国资委|国资委");
        await AddAsync(db, "资阳市经济和信息化局", "市经信局", Industry, UnitKind.Department, city, 65, "市经信局");
        await AddAsync(db, "资阳市农业农村局", "市农业农村局", Agriculture, UnitKind.Department, city, 66, "市农业农村局");
        await AddAsync(db, "资阳市财政局", "市财政局", Finance, UnitKind.Department, city, 67, "市财政局");
        await AddAsync(db, "资阳市生态环境局", "市生态环境局", Ecology, UnitKind.Department, city, 68, "市生态环境局");
        await AddAsync(db, "资阳市卫生健康委员会", "市卫健委", Health, UnitKind.Department, city, 69, "市卫健委");
        await AddAsync(db, "资阳市高新投资集团有限公司", "高投集团", Investment, UnitKind.StateEnterprise, this[StateAssets], 70, "高投集团");
        await AddAsync(db, "安岳县发展和改革局", "安岳县发改局", AnyueDevelopment, UnitKind.Department, this[Anyue], 21, null);
        await AddAsync(db, "安岳县住房和城乡建设局", "安岳县住建局", AnyueHousing, UnitKind.Department, this[Anyue], 22, null);
        await AddAsync(db, "安岳县教育和体育局", "安岳县教体局", AnyueEducation, UnitKind.Department, this[Anyue], 23, null);
        await AddAsync(db, "安岳经济开发区", "安岳经开区", AnyueZone, UnitKind.DevelopmentZone, this[Anyue], 24, "经开区|安岳经开区");
        await AddAsync(db, "乐至县发展和改革局", "乐至县发改局", LezhiDevelopment, UnitKind.Department, this[Lezhi], 31, null);
        await AddAsync(db, "雁江区农业农村局", "雁江区农业农村局", YanjiangAgriculture, UnitKind.Department, this[Yanjiang], 11, null);
    }

    private async Task<Unit> AddAsync(BlueprintDb db, string name, string shortName, string code, UnitKind kind, Unit? parent, int order, string? aliases)
    {
        var unit = new Unit { Name = name, ShortName = shortName, Code = code, Kind = kind, ParentId = parent?.Id, SortOrder = order, Aliases = aliases };
        db.Add(unit);
        await db.SaveChangesAsync();
        unit.Path = $"{parent?.Path ?? "/"}{unit.Id}/";
        await db.SaveChangesAsync();
        _byCode[code] = unit;
        return unit;
    }
}
