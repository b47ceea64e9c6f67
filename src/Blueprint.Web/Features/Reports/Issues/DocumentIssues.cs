using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reports.Issues;

/// <summary>
/// What the 版头 and 版记 of one document print: the office's settings and this period's 期号,
/// fixed if the period was issued (with its 印发 day), else the next free number as a draft (today).
/// </summary>
public sealed record Masthead(
    string Authority, string Signature, string? MainRecipients, string? CopyTo, int Year, int Number, bool Issued, DateOnly Date);

/// <summary>A period to issue: a month (the project bulletin, the brief) or a span of days (the supervision bulletin).</summary>
public sealed record IssueInput(DocumentKind? Kind, int? Year, int? Month, DateOnly? From, DateOnly? To);

public sealed record DocumentIssueDto(DocumentKind Kind, int Year, int Number, string Period, DateTime IssuedAtUtc);

/// <summary>
/// The 期号 of the official documents: numbered per kind and year of the period, shown before
/// issue as the next number, fixed when an office issues (印发) the period (decision 0031).
/// </summary>
public static class DocumentIssues
{
    /// <summary>Which office issues a kind and whose settings it prints.</summary>
    public static string Office(DocumentKind kind) => kind == DocumentKind.SupervisionBulletin ? Roles.SupervisionOffice : Roles.ProjectOffice;

    public static string MonthPeriod(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}");

    public static string SpanPeriod(DateOnly from, DateOnly to) => string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd}/{to:yyyy-MM-dd}");

    public static Task<Masthead> ForMonthAsync(BlueprintDb db, DocumentKind kind, int year, int month, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        MastheadAsync(db, kind, year, MonthPeriod(year, month), clock, t, ct);

    public static Task<Masthead> ForSpanAsync(BlueprintDb db, DateOnly from, DateOnly to, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        MastheadAsync(db, DocumentKind.SupervisionBulletin, to.Year, SpanPeriod(from, to), clock, t, ct);

    public static async Task<Masthead> MastheadAsync(
        BlueprintDb db, DocumentKind kind, int year, string period, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var s = await SettingsAsync(db, Office(kind), t, ct);
        var issued = await db.Set<DocumentIssue>().AsNoTracking().Where(i => i.Kind == kind && i.Period == period)
            .Select(i => new { i.Year, i.Number, i.IssuedAtUtc }).FirstOrDefaultAsync(ct);
        return issued is not null
            ? new(s.Authority, s.Signature, s.MainRecipients, s.CopyTo, issued.Year, issued.Number, true, CityTime.Day(issued.IssuedAtUtc))
            : new(s.Authority, s.Signature, s.MainRecipients, s.CopyTo, year, await NextNumberAsync(db, kind, year, ct), false, CityTime.Today(clock));
    }

    /// <summary>The office's settings, or a city-neutral default until the office saves its own.</summary>
    public static async Task<OfficeSettings> SettingsAsync(BlueprintDb db, string office, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        await db.Set<OfficeSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Office == office, ct)
        ?? new OfficeSettings { Office = office, Authority = t[$"Issues.Default.{office}"], Signature = t[$"Issues.Default.{office}"] };

    private static async Task<int> NextNumberAsync(BlueprintDb db, DocumentKind kind, int year, CancellationToken ct) =>
        (await db.Set<DocumentIssue>().Where(i => i.Kind == kind && i.Year == year).MaxAsync(i => (int?)i.Number, ct) ?? 0) + 1;

    /// <summary>
    /// Issues (印发) a period: takes the next number of its kind and year. Two offices issuing at
    /// once may read the same maximum; the unique index refuses the second insert, which then
    /// tries the next number. A period already issued keeps its number (409).
    /// </summary>
    public static async Task<StepOutcome<DocumentIssue>> IssueAsync(
        BlueprintDb db, IssueInput input, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var check = new Validation(t).Require(input.Kind is not null && Enum.IsDefined(input.Kind.Value), "kind", "Issues.KindRequired");
        if (input.Kind == DocumentKind.SupervisionBulletin)
        {
            check.Require(input.From is not null, "from", "Supervision.Bulletin.FromRequired")
                .Require(input.To is not null, "to", "Supervision.Bulletin.ToRequired")
                .Require(input.From is null || input.To is null || input.From <= input.To, "to", "Supervision.Bulletin.ToBeforeFrom");
        }
        else if (input.Kind is not null)
        {
            check.Require(input.Year is >= 2000 and <= 2100, "year", "Field.InvalidYear")
                .Require(input.Month is >= 1 and <= 12, "month", "Field.InvalidMonth");
        }

        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var kind = input.Kind!.Value;
        if (!db.CurrentUser.IsInRole(Office(kind)))
        {
            return Refusal.Forbidden();
        }

        var (year, period) = kind == DocumentKind.SupervisionBulletin
            ? (input.To!.Value.Year, SpanPeriod(input.From!.Value, input.To!.Value))
            : (input.Year!.Value, MonthPeriod(input.Year!.Value, input.Month!.Value));
        for (var attempt = 0; ; attempt++)
        {
            if (await db.Set<DocumentIssue>().AsNoTracking().FirstOrDefaultAsync(i => i.Kind == kind && i.Period == period, ct) is { } done)
            {
                return Refusal.Conflict("Issues.AlreadyIssued", done.Number);
            }

            var issue = new DocumentIssue
            {
                Kind = kind,
                Year = year,
                Number = await NextNumberAsync(db, kind, year, ct),
                Period = period,
                IssuedAtUtc = clock.GetUtcNow().UtcDateTime,
                IssuedById = db.CurrentUser.UserId,
            };
            db.Add(issue);
            try
            {
                await db.SaveChangesAsync(ct);
                return issue;
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation() && attempt < 5)
            {
                db.Entry(issue).State = EntityState.Detached;
            }
        }
    }

    public static DocumentIssueDto AsDto(this DocumentIssue i) => new(i.Kind, i.Year, i.Number, i.Period, i.IssuedAtUtc);
}
