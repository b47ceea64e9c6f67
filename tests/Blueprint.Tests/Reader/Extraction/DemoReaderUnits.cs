using Blueprint.Web.Features.Reader;

namespace Blueprint.Tests.Reader.Extraction;

/// <summary>
/// The demo city's units (Features/Demo/DemoUnits.cs) as the reader sees them — name, short name and
/// aliases — without a database, so the extraction tests stay fast pure tests. Ids are the demo order.
/// </summary>
public static class DemoReaderUnits
{
    public const int City = 1, Yanjiang = 2, Anyue = 3, Lezhi = 4, HighTechZone = 5, AirportZone = 6, Investment = 17, AnyueZone = 21;

    public static readonly IReadOnlyList<ReaderUnit> All =
    [
        Unit(City, "资阳市", "资阳", "资阳|市本级"),
        Unit(Yanjiang, "雁江区", "雁江", "雁江"),
        Unit(Anyue, "安岳县", "安岳", "安岳"),
        Unit(Lezhi, "乐至县", "乐至", "乐至"),
        Unit(HighTechZone, "资阳高新技术产业园区", "高新区", "高新区|资阳高新区"),
        Unit(AirportZone, "资阳临空经济区", "临空经济区", "临空经济区|临空区"),
        Unit(7, "资阳市发展和改革委员会", "市发改委", "市发改委|重点项目办"),
        Unit(8, "资阳市委市政府督查室", "市督查室", "督查室"),
        Unit(9, "资阳市教育和体育局", "市教育局", "市教育局|市教体局"),
        Unit(10, "资阳市住房和城乡建设局", "市住建局", "市住建局"),
        Unit(11, "资阳市国有资产监督管理委员会", "市国资委", "市国资委|国资委"),
        Unit(12, "资阳市经济和信息化局", "市经信局", "市经信局"),
        Unit(13, "资阳市农业农村局", "市农业农村局", "市农业农村局"),
        Unit(14, "资阳市财政局", "市财政局", "市财政局"),
        Unit(15, "资阳市生态环境局", "市生态环境局", "市生态环境局"),
        Unit(16, "资阳市卫生健康委员会", "市卫健委", "市卫健委"),
        Unit(Investment, "资阳市高新投资集团有限公司", "高投集团", "高投集团"),
        Unit(18, "安岳县发展和改革局", "安岳县发改局", null),
        Unit(19, "安岳县住房和城乡建设局", "安岳县住建局", null),
        Unit(20, "安岳县教育和体育局", "安岳县教体局", null),
        Unit(AnyueZone, "安岳经济开发区", "安岳经开区", "经开区|安岳经开区"),
        Unit(22, "乐至县发展和改革局", "乐至县发改局", null),
        Unit(23, "雁江区农业农村局", "雁江区农业农村局", null),
    ];

    // The reader's aliases are the unit's short name plus its '|'-separated aliases, as the flow builds them.
    private static ReaderUnit Unit(int id, string name, string shortName, string? aliases) =>
        new(id, name, [shortName, .. (aliases ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries)]);
}
