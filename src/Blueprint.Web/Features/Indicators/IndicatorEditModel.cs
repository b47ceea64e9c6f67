using System.Globalization;
using Blueprint.Web.Features.Units;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Indicators;

/// <summary>
/// The indicator form as typed: numbers and lists as text, so a typing mistake comes back as a
/// message rather than a silently empty field. Schedule shares are "10, 25, 50, 75, 100"; other
/// units' target shares are one "unit-code value" per line.
/// </summary>
public sealed class IndicatorEditModel
{
    public int PlanYearId { get; set; }
    public int? GoalId { get; set; }
    public string? Name { get; set; }
    public string? Measure { get; set; }
    public int UnitId { get; set; }
    public IndicatorDirection Direction { get; set; }
    public IndicatorValueKind ValueKind { get; set; }
    public string? Baseline { get; set; }
    public string? AnnualTarget { get; set; }
    public ScheduleProfile Profile { get; set; }
    public string? Shares { get; set; }
    public string? DataSource { get; set; }
    public string? Targets { get; set; }
    public int Version { get; set; }

    public static IndicatorEditModel From(Indicator i, IEnumerable<(string Code, decimal Target)> otherTargets) => new()
    {
        PlanYearId = i.PlanYearId,
        GoalId = i.GoalId,
        Name = i.Name,
        Measure = i.Measure,
        UnitId = i.UnitId,
        Direction = i.Direction,
        ValueKind = i.ValueKind,
        Baseline = i.Baseline?.ToString(CultureInfo.InvariantCulture),
        AnnualTarget = i.AnnualTarget.ToString(CultureInfo.InvariantCulture),
        Profile = i.Profile,
        Shares = string.Join(", ", i.ScheduleShares.Select(s => s.ToString(CultureInfo.InvariantCulture))),
        DataSource = i.DataSource,
        Targets = string.Join('\n', otherTargets.Select(t => $"{t.Code} {t.Target.ToString(CultureInfo.InvariantCulture)}")),
        Version = i.Version,
    };

    /// <summary>The input for <see cref="IndicatorForm"/>, or the first typing mistake in words.</summary>
    public (IndicatorInput? Input, string? Problem) ToInput(IReadOnlyList<Unit> units, IStringLocalizer t)
    {
        if (!TryNumber(AnnualTarget, out var target) || target is null)
        {
            return (null, t["IndicatorEdit.BadNumber", t["Indicators.Target"], AnnualTarget ?? ""]);
        }

        if (!TryNumber(Baseline, out var baseline))
        {
            return (null, t["IndicatorEdit.BadNumber", t["Indicators.Baseline"], Baseline ?? ""]);
        }

        var shares = new List<decimal>();
        foreach (var part in (Shares ?? "").Split([',', '，', ' ', '、'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryNumber(part, out var share) || share is null)
            {
                return (null, t["IndicatorEdit.BadNumber", t["IndicatorEdit.Shares"], part]);
            }

            shares.Add(share.Value);
        }

        var targets = new List<TargetShareInput>();
        foreach (var line in (Targets ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split([' ', '\t', '='], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unit = parts.Length == 2 ? units.FirstOrDefault(u => u.Code == parts[0] || u.Name == parts[0]) : null;
            if (unit is null || !TryNumber(parts[1], out var value) || value is null)
            {
                return (null, t["IndicatorEdit.BadTarget", line]);
            }

            targets.Add(new TargetShareInput(unit.Id, value.Value));
        }

        return (new IndicatorInput(PlanYearId, GoalId, Name, Measure, Direction, ValueKind, baseline, target.Value,
            Profile, shares, DataSource, UnitId, targets, Version), null);
    }

    private static bool TryNumber(string? text, out decimal? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var normalized = text.Trim().Normalize(System.Text.NormalizationForm.FormKC).Replace("%", "", StringComparison.Ordinal);
        if (decimal.TryParse(normalized, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }
}
