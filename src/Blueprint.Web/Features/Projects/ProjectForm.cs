using System.Globalization;
using Blueprint.Web.Features.Figures;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// The create/edit form of a project as the browser posts it. Amounts are typed in 万元 (as the
/// offices think) and converted exactly to 元; an amount finer than one 元 is refused rather than
/// rounded, so what is stored is what was typed.
/// </summary>
public sealed class ProjectForm
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public int UnitId { get; set; }
    public string? ResponsibleLeader { get; set; }
    public ProjectCategory Category { get; set; }
    public ProjectStage Stage { get; set; }
    public string? IndustryChain { get; set; }
    public ChainLink ChainLink { get; set; }
    public string? Location { get; set; }

    /// <summary>纬度 and 经度 as typed (or set by a click on the map in the form), in degrees.</summary>
    public string? Latitude { get; set; }
    public string? Longitude { get; set; }
    public string? Description { get; set; }
    public string? TotalInvestmentWan { get; set; }
    public DateOnly? PlannedStart { get; set; }
    public DateOnly? PlannedCompletion { get; set; }
    public DateOnly? ActualStart { get; set; }
    public DateOnly? ActualCompletion { get; set; }
    public string? PlannedOutputWan { get; set; }
    public string? PlannedTaxWan { get; set; }
    public string? PlannedJobs { get; set; }
    public string? PlannedRunningCostWan { get; set; }
    public string? ActualOutputWan { get; set; }
    public string? ActualTaxWan { get; set; }
    public string? ActualJobs { get; set; }
    public string? ActualRunningCostWan { get; set; }
    public int Version { get; set; }

    public static ProjectForm From(KeyProject p) => new()
    {
        Code = p.Code,
        Name = p.Name,
        UnitId = p.UnitId,
        ResponsibleLeader = p.ResponsibleLeader,
        Category = p.Category,
        Stage = p.Stage,
        IndustryChain = p.IndustryChain,
        ChainLink = p.ChainLink,
        Location = p.Location,
        Latitude = p.Latitude?.ToString("0.######", CultureInfo.InvariantCulture),
        Longitude = p.Longitude?.ToString("0.######", CultureInfo.InvariantCulture),
        Description = p.Description,
        TotalInvestmentWan = Wan(p.TotalInvestment),
        PlannedStart = p.PlannedStart,
        PlannedCompletion = p.PlannedCompletion,
        ActualStart = p.ActualStart,
        ActualCompletion = p.ActualCompletion,
        PlannedOutputWan = Wan(p.PlannedBenefit.OutputValue),
        PlannedTaxWan = Wan(p.PlannedBenefit.Tax),
        PlannedJobs = p.PlannedBenefit.Jobs.ToString(CultureInfo.InvariantCulture),
        PlannedRunningCostWan = Wan(p.PlannedBenefit.RunningCost),
        ActualOutputWan = Wan(p.ActualBenefit.OutputValue),
        ActualTaxWan = Wan(p.ActualBenefit.Tax),
        ActualJobs = p.ActualBenefit.Jobs.ToString(CultureInfo.InvariantCulture),
        ActualRunningCostWan = Wan(p.ActualBenefit.RunningCost),
        Version = p.Version,
    };

    /// <summary>The input the API takes, and the fields whose numbers could not be read (field → resource key; such a field reads as zero).</summary>
    public (KeyProjectInput Input, Dictionary<string, string> Errors) ToInput()
    {
        var errors = new Dictionary<string, string>();
        long Yuan(string? wan, string field)
        {
            if (TryParseWan(wan, out var yuan))
            {
                return yuan;
            }

            errors[field] = "Library.InvalidWan";
            return 0;
        }

        int Jobs(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return 0;
            }

            if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var jobs) && jobs >= 0)
            {
                return jobs;
            }

            errors[field] = "Library.InvalidJobs";
            return 0;
        }

        double? Degrees(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            {
                return d;
            }

            errors[field] = "Project.PlaceInvalid";
            return null;
        }

        var input = new KeyProjectInput(
            Code?.Trim() ?? "", Name?.Trim() ?? "", UnitId, Blank(ResponsibleLeader), Category, Stage, Blank(IndustryChain), ChainLink, Blank(Location),
            Yuan(TotalInvestmentWan, "totalInvestment"), PlannedStart, PlannedCompletion, ActualStart, ActualCompletion,
            new ProjectBenefit { OutputValue = Yuan(PlannedOutputWan, "plannedOutput"), Tax = Yuan(PlannedTaxWan, "plannedTax"), Jobs = Jobs(PlannedJobs, "plannedJobs"), RunningCost = Yuan(PlannedRunningCostWan, "plannedRunningCost") },
            new ProjectBenefit { OutputValue = Yuan(ActualOutputWan, "actualOutput"), Tax = Yuan(ActualTaxWan, "actualTax"), Jobs = Jobs(ActualJobs, "actualJobs"), RunningCost = Yuan(ActualRunningCostWan, "actualRunningCost") },
            Version, Degrees(Latitude, "latitude"), Degrees(Longitude, "longitude"));
        return (input, errors);
    }

    /// <summary>"1,234.5678" 万元 → 12,345,678 元 exactly; empty is zero; negative, or finer than one 元, is refused.</summary>
    public static bool TryParseWan(string? text, out long yuan)
    {
        yuan = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!decimal.TryParse(text.Trim().Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal),
                NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var wan))
        {
            return false;
        }

        // 10 万亿元 is far beyond any project; the bound keeps the multiplication exact and in range.
        if (wan > 1_000_000_000m)
        {
            return false;
        }

        // The same exact conversion the Excel import uses.
        return Infrastructure.XlsxCells.TryWanToYuan(wan, out yuan);
    }

    /// <summary>元 → 万元 text without rounding (up to four decimals), the inverse of <see cref="TryParseWan"/>.</summary>
    public static string Wan(long yuan) =>
        ((decimal)yuan / Figure.YuanPerWan).ToString("0.####", CultureInfo.InvariantCulture);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
