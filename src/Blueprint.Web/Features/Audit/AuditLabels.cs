using System.Globalization;
using System.Text;
using System.Text.Json;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Audit;

/// <summary>One changed field of an audit record, as a reader sees it: its label and both values shown as on the forms.</summary>
public sealed record AuditChangeDto(string Field, string Label, string Before, string After);

/// <summary>
/// Turns the audit's stored names and raw JSON values into what users read. The label map is
/// the resources: <c>Audit.Entity.{Entity}</c>, <c>Audit.Field.{Entity}.{Property}</c> (a
/// property peculiar to one record kind) and <c>Audit.Field.{Property}</c> (a name shared by
/// many, e.g. Title). Every audited field has a label (AuditLabelTests walks the model); a name
/// without one would be humanised (ActualStart → "Actual start") rather than shown as code.
/// Values: booleans 是/否, nulls blank, enum values (by name or number) in the pages' words,
/// money (元) in 万元, UTC instants in city time.
/// </summary>
public sealed class AuditLabels(IStringLocalizer<SharedResource> t, IModel model)
{
    public string Entity(string entity) => Text($"Audit.Entity.{entity}") ?? Humanise(entity);

    public string Action(string action) => Text($"Audit.Action.{action}") ?? Humanise(action);

    public string Field(string entity, string field) => KnownField(entity, field) ?? Humanise(field);

    /// <summary>The resource label of a field, or null when it has none (a test requires one for every audited field).</summary>
    public string? KnownField(string entity, string field) =>
        Text($"Audit.Field.{entity}.{field}") ?? Text($"Audit.Field.{field}");

    /// <summary>The words the pages use for an enum value, or null when there are none.</summary>
    public string? KnownEnum(Type type, string name) =>
        Text($"Audit.Enum.{type.Name}.{name}")
        ?? (EnumTexts.TryGetValue(type.Name, out var prefix) ? Text($"{prefix}.{name}") : null);

    /// <summary>
    /// The fields whose values differ between before and after, labelled and formatted; a field that
    /// points at a record named in <paramref name="references"/> shows its name with the id, "安岳县（5）".
    /// </summary>
    public IReadOnlyList<AuditChangeDto> Changes(string entity, string? before, string? after, AuditReferences? references = null)
    {
        var b = Read(before);
        var a = Read(after);
        var named = references ?? AuditReferences.None;
        return [.. b.Keys.Union(a.Keys).Order(StringComparer.Ordinal)
            .Where(k => Raw(b, k) != Raw(a, k) && !Hidden.Contains($"{entity}.{k}"))
            .Select(k => new AuditChangeDto(k, Field(entity, k), Value(entity, k, b.GetValueOrDefault(k), named), Value(entity, k, a.GetValueOrDefault(k), named)))];
    }

    /// <summary>"label: before → after" per change, one line each (the export's cell).</summary>
    public static string Summary(IEnumerable<AuditChangeDto> changes) =>
        string.Join('\n', changes.Select(c => $"{c.Label}: {c.Before} → {c.After}"));

    private string Value(string entity, string field, JsonElement value, AuditReferences references)
    {
        switch (value.ValueKind)
        {
            // An id of a record that still exists: its name (a role in the pages' words) and the id as stored.
            case JsonValueKind.Number when references.Of(entity, field, value) is { } reference:
                return t["Audit.Reference", reference.Type == typeof(Access.Role) ? Text($"Role.{reference.Name}") ?? reference.Name : reference.Name, reference.Id];
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return "";
            case JsonValueKind.True:
                return t["Audit.Yes"];
            case JsonValueKind.False:
                return t["Audit.No"];
            // Enums are stored by name (the JSON converters); records written before that hold numbers.
            case JsonValueKind.Number or JsonValueKind.String when EnumOf(entity, field) is { } type && EnumName(type, value) is { } name:
                return KnownEnum(type, name) ?? Humanise(name);
            // Money is stored in 元 and shown in 万元, as the forms and lists show it.
            case JsonValueKind.Number when MoneyFields.Contains(field[(field.LastIndexOf('.') + 1)..]) && value.TryGetInt64(out var yuan):
                return $"{Projects.ProjectForm.Wan(yuan)} {t["Library.Wan"]}";
            // A role (a role's name, a filter's role, the office a setting belongs to) is named in the pages' words, not by its code.
            case JsonValueKind.String when Access.Roles.All.Contains(value.GetString()) && Text($"Role.{value.GetString()}") is { } role:
                return role;
            case JsonValueKind.String when CodedStrings.Contains($"{entity}.{field}") && Text($"Audit.Value.{entity}.{field}.{value.GetString()}") is { } word:
                return word;
            case JsonValueKind.String:
                var s = value.GetString()!;
                // Instants are UTC DateTime throughout; dates (DateOnly) carry no 'T' and stay as they are.
                return s.Length >= 16 && s[10] == 'T' && DateTime.TryParse(s, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc)
                    ? CityTime.Minute(utc) : s;
            default:
                return value.GetRawText();
        }
    }

    private static string? EnumName(Type type, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number
            ? value.TryGetInt64(out var n) ? Enum.GetName(type, Enum.ToObject(type, n)) : null
            : Enum.TryParse(type, value.GetString(), ignoreCase: false, out var parsed) ? parsed!.ToString() : null;

    /// <summary>
    /// Fields kept for the program, not for a reader of the trail: a notice's resource key and arguments
    /// (its title, beside them, says the same in words). They stay in the record and its hash.
    /// </summary>
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal) { "Notification.TextKey", "Notification.TextArgs" };

    /// <summary>Amounts of money (long 元) by property name, wherever they are.</summary>
    public static readonly IReadOnlySet<string> MoneyFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "TotalInvestment", "AnnualPlannedInvestment", "InvestmentThisMonth", "InvestmentYearToDate", "InvestmentSinceStart", "OutputValue", "Tax", "RunningCost",
    };

    /// <summary>String fields that hold a code rather than words: their values are labelled by <c>Audit.Value.{Entity}.{Field}.{Code}</c>.</summary>
    public static readonly IReadOnlySet<string> CodedStrings = new HashSet<string>(StringComparer.Ordinal) { "SubmissionEvent.Kind" };

    /// <summary>Where the pages already name an enum's values: the audit shows the same words.</summary>
    private static readonly Dictionary<string, string> EnumTexts = new(StringComparer.Ordinal)
    {
        ["ProjectCategory"] = "Library.Category",
        ["ProjectStage"] = "Library.Stage",
        ["ChainLink"] = "Library.Link",
        ["PlanType"] = "Library.PlanType",
        ["LibraryStatus"] = "Proposals.Status",
        ["ProposalStepKind"] = "Proposals.Step",
        ["PublicKind"] = "Portal.Kind",
        ["PortalReviewStatus"] = "PortalReviews.Status",
        ["StatusLight"] = "Library.Light",
        ["ProblemKind"] = "Problems.Kind",
        ["ProblemStatus"] = "Problems.Status",
        ["SubmissionStatus"] = "Progress.Status",
        ["SupervisionSource"] = "Supervision.Source",
        ["SupervisionStatus"] = "Supervision.Status",
        ["FeedbackCadence"] = "Supervision.Cadence",
        ["ExtensionStatus"] = "Supervision.Extension",
        ["SupervisionStepKind"] = "Supervision.Step",
        ["CampaignStatus"] = "Reviews.CampaignStatus",
        ["ReviewItemKind"] = "Reviews.ItemKind",
        ["UnitKind"] = "UnitKind",
        ["DataScope"] = "Scope",
        ["IndicatorDirection"] = "Indicators.Direction",
        ["IndicatorValueKind"] = "Indicators.ValueKind",
        ["ScheduleProfile"] = "Indicators.Profile",
        ["NotificationKind"] = "Inbox.Kind",
        ["ProposalKind"] = "Reader.Kind",
        ["ProposalState"] = "Reader.State",
        ["ReaderRecordKind"] = "Reader.Record",
        ["ReviewItemTarget"] = "Reviews.Target",
        ["SupervisionPushBackKind"] = "Supervision.PushBack",
        ["DocumentKind"] = "Issues.Kind",
        ["SessionEnd"] = "Sessions.End",
    };

    private Type? EnumOf(string entity, string field)
    {
        // A read of the sign-in log records its filter, whose Kind is the sign-in event's.
        var clrName = entity == AuditLog.SignInLogEntity ? nameof(SignInEvent) : entity;
        var type = model.GetEntityTypes().FirstOrDefault(e => e.ClrType.Name == clrName);
        var parts = field.Split('.');
        var clr = parts.Length == 2
            ? type?.FindComplexProperty(parts[0])?.ComplexType.FindProperty(parts[1])?.ClrType
            : type?.FindProperty(field)?.ClrType;
        clr = clr is null ? null : Nullable.GetUnderlyingType(clr) ?? clr;
        return clr is { IsEnum: true } ? clr : null;
    }

    private static string? Raw(Dictionary<string, JsonElement> values, string key) =>
        values.TryGetValue(key, out var v) ? v.GetRawText() : null;

    private string? Text(string key) => t[key] is { ResourceNotFound: false } s ? s.Value : null;

    private static Dictionary<string, JsonElement> Read(string? json) => json is null ? [] :
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    /// <summary>"ActualBenefit.Jobs" → "Actual benefit / Jobs": readable when no label exists, never code.</summary>
    public static string Humanise(string name)
    {
        var text = new StringBuilder();
        foreach (var (part, index) in name.Split('.').Select((p, i) => (p, i)))
        {
            text.Append(index > 0 ? " / " : "");
            for (var i = 0; i < part.Length; i++)
            {
                var c = part[i];
                var boundary = i > 0 && char.IsUpper(c) && (char.IsLower(part[i - 1]) || (i + 1 < part.Length && char.IsLower(part[i + 1])));
                text.Append(boundary ? " " : "").Append(i == 0 && index == 0 ? c : boundary ? char.ToLowerInvariant(c) : c);
            }
        }

        return text.ToString();
    }
}
