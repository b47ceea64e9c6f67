using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    private readonly List<Indicator> _indicators = [];
    private readonly List<IndicatorTarget> _targets = [];
    private readonly List<IndicatorValue> _values = [];

    /// <summary>
    /// Indicators of both years, their targets per unit for the whole year (period 0), and the
    /// accepted values known by the seed day (<see cref="Value"/>). Periods are months (Monthly)
    /// or quarters 1–4 (Quarterly); rates and amounts are cumulative from the start of the year
    /// (累计), as statistics publish them.
    /// </summary>
    private async Task<string> SeedIndicatorsAsync()
    {
        string yj = DemoUnits.Yanjiang, ay = DemoUnits.Anyue, lz = DemoUnits.Lezhi;

        // 2023
        var gdp = AddIndicator(2023, "2023.economy", "全市地区生产总值增长", "%", 3.0m, 6.5m, ScheduleProfile.Quarterly, DemoUnits.Development, "市统计局");
        Split(gdp, (yj, 6.5m), (ay, 6.5m), (lz, 7.0m));
        Quarters(gdp, UnitId(DemoUnits.Development), 5.6m, 6.1m, 6.3m);
        Quarters(gdp, UnitId(yj), 5.4m, 5.9m, 6.1m);
        Quarters(gdp, UnitId(ay), 5.7m, 6.2m, 6.4m);
        Quarters(gdp, UnitId(lz), 5.9m, 6.4m, 6.6m);

        var gx = AddIndicator(2023, "2023.gx", "高新区地区生产总值增长", "%", 6.2m, 7.5m, ScheduleProfile.Quarterly, DemoUnits.HighTechZone, "市统计局");
        Quarters(gx, gx.UnitId, 7.0m, 7.4m, 7.8m);
        var lk = AddIndicator(2023, "2023.lk", "临空经济区地区生产总值增长", "%", 7.1m, 9m, ScheduleProfile.Quarterly, DemoUnits.AirportZone, "市统计局");
        Quarters(lk, lk.UnitId, 8.1m, 8.6m, 9.3m);

        var places = AddIndicator(2023, "2023.anyue", "安岳县新增中小学及幼儿园学位", "个", 1480m, 2650m, ScheduleProfile.Quarterly, ay, "安岳县教体局", kind: IndicatorValueKind.YearToDate);
        // The new schools open for the autumn term: nothing is due before the third quarter.
        places.ScheduleShares = [0m, 0m, 100m, 100m];
        Split(places, (DemoUnits.AnyueEducation, 2110m), (DemoUnits.AnyueZone, 540m));
        Quarters(places, places.UnitId, 0m, 0m, 2650m, 2650m);
        Quarters(places, UnitId(DemoUnits.AnyueEducation), 0m, 0m, 2110m, 2110m);
        Quarters(places, UnitId(DemoUnits.AnyueZone), 0m, 0m, 540m, 540m);

        var keyList = _seeds.Where(s => s.Plan != PlanType.Reserve).ToList();
        var invest = AddIndicator(2023, "2023.projects", "全市重点项目年度投资完成", "亿元", null, keyList.Sum(s => s.Annual), ScheduleProfile.Monthly, DemoUnits.Development, "重点项目月度调度", kind: IndicatorValueKind.YearToDate);
        foreach (var group in keyList.GroupBy(s => TopUnit(UnitId(s.Unit)).Id))
        {
            Target(invest, group.Key, group.Sum(s => s.Annual));
            for (var m = 1; m <= 12; m++)
            {
                Value(invest, group.Key, m, group.Sum(s => _yearToDate.GetValueOrDefault((s.Code, m))) / 100_000_000m);
            }
        }

        for (var m = 1; m <= 12; m++)
        {
            Value(invest, invest.UnitId, m, keyList.Sum(s => _yearToDate.GetValueOrDefault((s.Code, m))) / 100_000_000m);
        }

        var pm = AddIndicator(2023, "2023.air", "PM2.5年均浓度", "微克/立方米", 37.6m, 36m, ScheduleProfile.Monthly, DemoUnits.Ecology, "市生态环境监测站", IndicatorDirection.LowerIsBetter);
        Split(pm, (yj, 37m), (ay, 35m), (lz, 35.5m));
        // the year's average so far; December's is the next year's baseline
        decimal[] pmCity = [66.0m, 60.2m, 53.8m, 48.9m, 44.6m, 41.3m, 38.8m, 36.9m, 35.6m, 34.9m, 35.4m, 36.2m];
        (string Unit, decimal Offset)[] pmUnits = [(DemoUnits.Ecology, 0m), (yj, 1.2m), (ay, -1.5m), (lz, -0.8m)];
        foreach (var (unit, offset) in pmUnits)
        {
            for (var m = 1; m <= pmCity.Length; m++)
            {
                Value(pm, UnitId(unit), m, pmCity[m - 1] + offset);
            }
        }

        var industry = AddIndicator(2023, "2023.industry", "规模以上工业增加值增长", "%", 5.2m, 8m, ScheduleProfile.Monthly, DemoUnits.Industry, "市统计局");
        decimal[] industryValues = [6.1m, 6.8m, 7.2m, 7.5m, 7.6m, 7.9m, 8.1m, 8.2m, 8.3m, 8.4m, 8.5m];
        for (var m = 2; m <= 12; m++)
        {
            Value(industry, industry.UnitId, m, industryValues[m - 2]);
        }

        AddIndicator(2023, "2023.economy", "单位地区生产总值能耗下降", "%", 2.1m, 2.5m, ScheduleProfile.AnnualOnly, DemoUnits.Development, "市统计局");
        var soe = AddIndicator(2023, "2023.soe", "市属国有企业资产总额", "亿元", 1180m, 1500m, ScheduleProfile.Quarterly, DemoUnits.StateAssets, "市国资委");
        Quarters(soe, soe.UnitId, 1235m, 1320m, 1410m);

        // The year's results come with the annual statistics at the end of January: known in the
        // running year, not yet on the story's day.
        AnnualResult(gdp, UnitId(DemoUnits.Development), 6.3m);
        AnnualResult(gdp, UnitId(yj), 6.2m);
        AnnualResult(gdp, UnitId(ay), 6.5m);
        AnnualResult(gdp, UnitId(lz), 6.8m);
        AnnualResult(gx, gx.UnitId, 7.9m);
        AnnualResult(lk, lk.UnitId, 9.4m);
        AnnualResult(soe, soe.UnitId, 1480m);

        // 2024, the running year: targets, and the values known by the seed day
        var plan2024 = await db.Set<AnnualPlanEntry>().Where(e => e.Year == Calendar.RunningYear && e.PlanType != PlanType.Reserve).ToListAsync();
        var gdp2024 = AddIndicator(2024, "2024.economy", "全市地区生产总值增长", "%", 6.3m, 6.5m, ScheduleProfile.Quarterly, DemoUnits.Development, "市统计局");
        Quarters(gdp2024, gdp2024.UnitId, 5.9m, 6.2m, 6.4m, 6.6m);
        var gx2024 = AddIndicator(2024, "2024.gx", "高新区地区生产总值增长", "%", 7.9m, 8m, ScheduleProfile.Quarterly, DemoUnits.HighTechZone, "市统计局");
        Quarters(gx2024, gx2024.UnitId, 7.3m, 7.6m, 7.8m, 8.1m);
        var lk2024 = AddIndicator(2024, "2024.lk", "临空经济区地区生产总值增长", "%", 9.4m, 10m, ScheduleProfile.Quarterly, DemoUnits.AirportZone, "市统计局");
        Quarters(lk2024, lk2024.UnitId, 8.6m, 9.1m, 9.4m, 9.8m);
        var done2023 = keyList.Sum(s => _yearToDate.GetValueOrDefault((s.Code, 12))) / 100_000_000m;
        var invest2024 = AddIndicator(2024, "2024.projects", "全市重点项目年度投资完成", "亿元", Math.Round(done2023, 2, MidpointRounding.AwayFromZero), plan2024.Sum(e => e.AnnualPlannedInvestment) / 100_000_000m, ScheduleProfile.Monthly, DemoUnits.Development, "重点项目月度调度", kind: IndicatorValueKind.YearToDate);
        var codes = _projects.ToDictionary(p => p.Value.Id, p => p.Key);
        foreach (var group in plan2024.GroupBy(e => TopUnit(e.UnitId).Id))
        {
            Target(invest2024, group.Key, group.Sum(e => e.AnnualPlannedInvestment) / 100_000_000m);
            for (var m = 1; m <= 12; m++)
            {
                Value(invest2024, group.Key, m, group.Sum(e => _runningYearToDate.GetValueOrDefault((codes[e.KeyProjectId], m))) / 100_000_000m);
            }
        }

        for (var m = 1; m <= 12; m++)
        {
            Value(invest2024, invest2024.UnitId, m, plan2024.Sum(e => _runningYearToDate.GetValueOrDefault((codes[e.KeyProjectId], m))) / 100_000_000m);
        }

        var pm2024 = AddIndicator(2024, "2024.air", "PM2.5年均浓度", "微克/立方米", 36.2m, 35m, ScheduleProfile.Monthly, DemoUnits.Ecology, "市生态环境监测站", IndicatorDirection.LowerIsBetter);
        Split(pm2024, (yj, 36m), (ay, 34.5m), (lz, 35m));
        decimal[] pmCity2024 = [64.5m, 58.6m, 52.5m, 47.6m, 43.4m, 40.1m, 37.7m, 35.9m, 34.7m, 34.0m, 34.4m, 35.1m];
        foreach (var (unit, offset) in pmUnits)
        {
            for (var m = 1; m <= pmCity2024.Length; m++)
            {
                Value(pm2024, UnitId(unit), m, pmCity2024[m - 1] + offset);
            }
        }

        AddIndicator(2024, "2024.anyue", "安岳县基层医疗卫生机构中医馆覆盖率", "%", 92m, 100m, ScheduleProfile.AnnualOnly, ay, "安岳县卫健局");
        var farm2024 = AddIndicator(2024, "2024.farm", "马蹄湾现代农业园区稻虾综合产值", "万元", 3200m, 8000m, ScheduleProfile.Quarterly, yj, "雁江区农业农村局", kind: IndicatorValueKind.YearToDate);
        Quarters(farm2024, farm2024.UnitId, 600m, 2500m, 5600m, 8300m);

        db.AddRange(_indicators);
        db.AddRange(_targets);
        db.AddRange(_values);
        await db.SaveChangesAsync();
        return $"{_indicators.Count} indicators ({_targets.Count} targets, {_values.Count} values)";
    }

    private Indicator AddIndicator(int year, string goal, string name, string measure, decimal? baseline, decimal target,
        ScheduleProfile profile, string unit, string source, IndicatorDirection direction = IndicatorDirection.HigherIsBetter,
        IndicatorValueKind kind = IndicatorValueKind.Level)
    {
        var indicator = new Indicator
        {
            PlanYear = _planYears[year],
            Goal = _goals[goal],
            Name = name,
            Measure = measure,
            Direction = direction,
            Baseline = baseline,
            AnnualTarget = target,
            Profile = profile,
            ValueKind = kind,
            DataSource = source,
            UnitId = UnitId(unit),
        };
        _indicators.Add(indicator);
        Target(indicator, indicator.UnitId, target);
        return indicator;
    }

    private void Target(Indicator indicator, int unitId, decimal target) =>
        _targets.Add(new IndicatorTarget { Indicator = indicator, UnitId = unitId, Period = 0, Target = target });

    private void Split(Indicator indicator, params (string Unit, decimal Target)[] shares)
    {
        foreach (var (unit, target) in shares)
        {
            Target(indicator, UnitId(unit), target);
        }
    }

    /// <summary>A quarterly indicator's fourth quarter, the year's result, accepted with the annual statistics on 31 January.</summary>
    private void AnnualResult(Indicator indicator, int unitId, decimal value) =>
        Value(indicator, unitId, 4, value, new DateOnly(indicator.PlanYear!.Year + 1, 1, 31));

    private void Quarters(Indicator indicator, int unitId, params decimal[] values)
    {
        for (var q = 1; q <= values.Length; q++)
        {
            Value(indicator, unitId, q, values[q - 1]);
        }
    }

    /// <summary>
    /// An accepted value of the indicator's year, if it is known by the seed day: a monthly one
    /// once its month is accepted (it comes with the month's reports, on the 10th of the next
    /// month), a quarterly one on the 20th after the quarter.
    /// </summary>
    private void Value(Indicator indicator, int unitId, int period, decimal value, DateOnly? acceptedOn = null)
    {
        var year = indicator.PlanYear!.Year;
        var quarterly = indicator.Profile == ScheduleProfile.Quarterly;
        var accepted = acceptedOn
            ?? (quarterly ? new DateOnly(year, period * 3, 1).AddMonths(1).AddDays(19) : new DateOnly(year, period, 1).AddMonths(1).AddDays(9));
        if (quarterly ? accepted >= Calendar.SeedDay : !Calendar.IsAccepted(year, period))
        {
            return;
        }

        _values.Add(new IndicatorValue
        {
            Indicator = indicator,
            UnitId = unitId,
            Year = year,
            Period = period,
            Value = Math.Round(value, 4, MidpointRounding.AwayFromZero),
            Status = SubmissionStatus.Accepted,
            SubmittedById = ReporterFor(unitId),
            ApprovedById = ProjectOffice,
            AcceptedById = ProjectOffice,
            RecordedAtUtc = Utc(accepted, 3),
            AcceptedAtUtc = Utc(accepted, 3),
            IsCurrent = true,
        });
    }
}
