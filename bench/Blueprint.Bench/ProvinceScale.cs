using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Blueprint.Bench;

/// <summary>
/// The rest of issue 6's province: the unit tree, goals and indicators with target shares and
/// monthly values, supervision items with their steps and lights, and problems. Raw prepared
/// INSERTs inside ProvinceData's transaction, for the same reason as the projects: generated
/// data needs no audit trail, and this path writes ~700,000 rows in seconds.
/// </summary>
internal static class ProvinceScale
{
    public const int Units = 4_000;
    public const int Cities = 21;
    public const int DistrictsPerCity = 8;
    public const int IndicatorsPerYear = 5_000;
    public const int SharesPerIndicator = 3;
    public const int SupervisionItems = 20_000;
    public const int Problems = 6_000;

    private const int FirstCity = 2;
    private const int FirstDistrict = FirstCity + Cities;
    private const int FirstDepartment = FirstDistrict + (Cities * DistrictsPerCity);

    /// <summary>Projects belong to districts, counties, zones and departments (never the province itself).</summary>
    public static int ProjectUnit(int project) => FirstDistrict + (int)((project * 7919L) % (Units - FirstDistrict + 1));

    private static int District(int city, int k) => FirstDistrict + ((city - FirstCity) * DistrictsPerCity) + k;

    /// <summary>Province → 21 cities → 8 districts / counties / zones each → departments under every city and district.</summary>
    public static void InsertUnits(SqliteConnection c, SqliteTransaction tx)
    {
        using var unit = ProvinceData.Prepare(c, tx, "INSERT INTO \"Unit\" (\"Id\",\"Name\",\"ShortName\",\"Code\",\"Kind\",\"ParentId\",\"Path\",\"SortOrder\",\"IsDisabled\",\"Version\") VALUES ($id,$name,$short,$code,$kind,$parent,$path,$sort,0,1)", "$id", "$name", "$short", "$code", "$kind", "$parent", "$path", "$sort");
        var paths = new Dictionary<int, string> { [1] = "/1/" };
        ProvinceData.Run(unit, 1, "四川省", "四川", "SC", 0, null, "/1/", 0);
        for (var id = 2; id <= Units; id++)
        {
            var (parent, kind, name) = id switch
            {
                < FirstDistrict => (1, 0, $"市{id}"),
                < FirstDepartment => (FirstCity + ((id - FirstDistrict) / DistrictsPerCity), 1 + (id % 3), $"区县{id}"),
                // Departments hang under the cities and districts in turn (about 20 each).
                _ => (FirstCity + ((id - FirstDepartment) % (FirstDepartment - FirstCity)), 4, $"部门{id}"),
            };
            paths[id] = $"{paths[parent]}{id}/";
            ProvinceData.Run(unit, id, name, name, $"U{id}", kind, parent, paths[id], id);
        }
    }

    public static void InsertIndicators(SqliteConnection c, SqliteTransaction tx, Random random)
    {
        using var planYear = ProvinceData.Prepare(c, tx, "INSERT INTO \"PlanYear\" (\"Id\",\"Year\",\"Title\",\"Version\") VALUES ($id,$year,$title,1)", "$id", "$year", "$title");
        using var goal = ProvinceData.Prepare(c, tx, "INSERT INTO \"Goal\" (\"Id\",\"PlanYearId\",\"Title\",\"UnitId\",\"IsPublic\",\"Version\") VALUES ($id,$plan,$title,$unit,0,1)", "$id", "$plan", "$title", "$unit");
        using var indicator = ProvinceData.Prepare(c, tx, "INSERT INTO \"Indicator\" (\"Id\",\"PlanYearId\",\"GoalId\",\"Name\",\"Measure\",\"Direction\",\"Baseline\",\"AnnualTarget\",\"Profile\",\"UnitId\",\"Version\",\"ScheduleShares\",\"ValueKind\") VALUES ($id,$plan,$goal,$name,$measure,$direction,$baseline,$target,0,$unit,1,'[]',$kind)", "$id", "$plan", "$goal", "$name", "$measure", "$direction", "$baseline", "$target", "$unit", "$kind");
        using var share = ProvinceData.Prepare(c, tx, "INSERT INTO \"IndicatorTarget\" (\"IndicatorId\",\"UnitId\",\"Period\",\"Target\",\"Version\") VALUES ($indicator,$unit,0,$target,1)", "$indicator", "$unit", "$target");
        using var value = ProvinceData.Prepare(c, tx, "INSERT INTO \"IndicatorValue\" (\"Id\",\"IndicatorId\",\"UnitId\",\"Year\",\"Period\",\"Value\",\"Status\",\"RecordedAtUtc\",\"AcceptedAtUtc\",\"SupersedesId\",\"IsCurrent\",\"Version\") VALUES ($id,$indicator,$unit,$year,$period,$value,3,$at,$at,$supersedes,$current,1)", "$id", "$indicator", "$unit", "$year", "$period", "$value", "$at", "$supersedes", "$current");

        long valueId = 0;
        var goalId = 0;
        for (var y = 0; y < ProvinceData.Years; y++)
        {
            var year = ProvinceData.FirstYear + y;
            ProvinceData.Run(planYear, y + 1, year, $"{year}年度发展蓝图");
            for (var g = 0; g < 200; g++)
            {
                ProvinceData.Run(goal, ++goalId, y + 1, $"{year}年目标{g + 1}", FirstCity + (g % Cities));
            }

            for (var n = 1; n <= IndicatorsPerYear; n++)
            {
                var id = (y * IndicatorsPerYear) + n;
                var city = FirstCity + (n % Cities);
                var level = n % 4 == 0; // a quarter are levels (growth rates), the rest year-to-date totals
                var target = random.Next(100, 100_000);
                ProvinceData.Run(indicator, id, y + 1, 1 + (y * 200) + (n % 200), $"指标{year}-{n}", level ? "%" : "亿元", n % 10 == 0 ? 1 : 0,
                    Dec(level ? target * 0.8m : 0), Dec(target), city, level ? 1 : 0);

                // The city's target split over three of its districts; each submits its own values too.
                int[] units = [city, District(city, n % DistrictsPerCity), District(city, (n + 3) % DistrictsPerCity), District(city, (n + 5) % DistrictsPerCity)];
                for (var s = 1; s <= SharesPerIndicator; s++)
                {
                    ProvinceData.Run(share, id, units[s], Dec(target / 3m));
                }

                foreach (var u in units)
                {
                    var unitTarget = u == city ? target : target / 3m;
                    var pace = 0.7m + (decimal)(random.NextDouble() * 0.5);
                    for (var month = 1; month <= 12; month++)
                    {
                        var v = level ? unitTarget * (0.8m + (0.2m * pace * month / 12)) : unitTarget * pace * month / 12;
                        var at = ProvinceData.Instant(new DateOnly(year, month, 1).AddMonths(1).AddDays(6));
                        var corrected = valueId % 100 == 3;
                        ProvinceData.Run(value, ++valueId, id, u, year, month, Dec(v), at, null, corrected ? 0 : 1);
                        if (corrected)
                        {
                            var original = valueId;
                            ProvinceData.Run(value, ++valueId, id, u, year, month, Dec(v * 1.01m), ProvinceData.Instant(new DateOnly(year, month, 1).AddMonths(1).AddDays(18)), original, 1);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Items assigned over two years with deadlines to mid-2026; lights as the overdue job marks them at 2026-01-31.</summary>
    public static void InsertSupervision(SqliteConnection c, SqliteTransaction tx, Random random)
    {
        using var item = ProvinceData.Prepare(c, tx, "INSERT INTO \"SupervisionItem\" (\"Id\",\"CaseNumber\",\"Title\",\"Source\",\"UnitId\",\"Deadline\",\"Cadence\",\"Status\",\"KeyProjectId\",\"CreatedAtUtc\",\"ClosedAtUtc\",\"Version\",\"Light\") VALUES ($id,$case,$title,$source,$unit,$deadline,2,$status,$project,$created,$closed,1,$light)", "$id", "$case", "$title", "$source", "$unit", "$deadline", "$status", "$project", "$created", "$closed", "$light");
        using var step = ProvinceData.Prepare(c, tx, "INSERT INTO \"SupervisionStep\" (\"SupervisionItemId\",\"UnitId\",\"Kind\",\"Comment\",\"AtUtc\") VALUES ($item,$unit,$kind,$comment,$at)", "$item", "$unit", "$kind", "$comment", "$at");
        var markedAt = new DateOnly(2026, 1, 31);
        for (var n = 1; n <= SupervisionItems; n++)
        {
            var unit = FirstDistrict + random.Next(Units - FirstDistrict + 1);
            var created = new DateOnly(ProvinceData.FirstYear, 1, 1).AddDays(random.Next(700));
            var deadline = created.AddDays(30 + random.Next(180));
            var roll = random.Next(100);
            var status = roll < 50 ? 5 : roll < 80 ? 3 : roll < 90 ? 0 : 4; // closed, in progress, assigned, closure requested
            var closed = status == 5 ? created.AddDays(10 + random.Next(200)) : (DateOnly?)null;
            var light = status == 5 ? 0 : deadline < markedAt ? 2 : deadline <= markedAt.AddDays(3) ? 1 : 0;
            ProvinceData.Run(item, n, $"DB{created.Year}-{n:00000}", $"督办事项{n}", n % 6, unit, ProvinceData.Day(deadline), status,
                n % 5 == 0 ? 1 + (n % ProvinceData.Projects) : null, ProvinceData.Instant(created), closed is { } d ? ProvinceData.Instant(d) : null, light);

            ProvinceData.Run(step, n, unit, 0, null, ProvinceData.Instant(created));
            if (status == 0)
            {
                continue;
            }

            ProvinceData.Run(step, n, unit, 1, null, ProvinceData.Instant(created.AddDays(2)));
            for (var f = 1; f <= 1 + (n % 3); f++)
            {
                ProvinceData.Run(step, n, unit, 3, $"第{f}次反馈", ProvinceData.Instant(created.AddDays(2 + (f * 20))));
            }

            if (status is 4 or 5)
            {
                ProvinceData.Run(step, n, unit, 7, null, ProvinceData.Instant((closed ?? deadline).AddDays(-1)));
            }

            if (closed is { } at)
            {
                ProvinceData.Run(step, n, unit, 8, null, ProvinceData.Instant(at));
            }
        }
    }

    public static void InsertProblems(SqliteConnection c, SqliteTransaction tx, Random random)
    {
        using var problem = ProvinceData.Prepare(c, tx, "INSERT INTO \"Problem\" (\"Id\",\"Title\",\"Kind\",\"UnitId\",\"KeyProjectId\",\"Deadline\",\"EscalationLevel\",\"Status\",\"Answer\",\"CreatedAtUtc\",\"ClosedAtUtc\",\"Version\") VALUES ($id,$title,$kind,$unit,$project,$deadline,$level,$status,$answer,$created,$closed,1)", "$id", "$title", "$kind", "$unit", "$project", "$deadline", "$level", "$status", "$answer", "$created", "$closed");
        for (var n = 1; n <= Problems; n++)
        {
            var project = 1 + random.Next(ProvinceData.Projects);
            var created = new DateOnly(ProvinceData.FirstYear, 1, 1).AddDays(random.Next(700));
            var roll = random.Next(100);
            var status = roll < 60 ? 1 : roll < 90 ? 0 : 2; // resolved, open, cannot be solved now
            var closed = status == 0 ? (DateOnly?)null : created.AddDays(5 + random.Next(120));
            ProvinceData.Run(problem, n, $"项目问题{n}", n % 5, ProjectUnit(project), project, ProvinceData.Day(created.AddDays(60)), n % 3, status,
                status == 2 ? "需待规划调整后解决" : null, ProvinceData.Instant(created), closed is { } d ? ProvinceData.Instant(d) : null);
        }
    }

    private static string Dec(decimal d) => decimal.Round(d, 4).ToString(CultureInfo.InvariantCulture);
}
