using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Reports.Issues;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

public sealed record SupervisionBulletinUnit(int UnitId, string UnitName, int Items, int Closed, int Overdue);

public sealed record SupervisionBulletinRedItem(int Id, string CaseNumber, string Title, string UnitName, DateOnly Deadline);

/// <summary>
/// The figures of a 督查通报 for the days <see cref="From"/>–<see cref="To"/> (China dates):
/// items under supervision in the period, new, closed, and the lights as of <see cref="AsOf"/>
/// (the period's last day, or today if the period has not ended).
/// </summary>
public sealed record SupervisionBulletinReport(
    DateOnly From, DateOnly To, DateOnly AsOf, int Total, int New, int Closed, int Red, int Yellow,
    IReadOnlyList<SupervisionBulletinUnit> Units, IReadOnlyList<SupervisionBulletinRedItem> RedItems);

/// <summary>
/// Computes the bulletin within the user's scope. Counts are grouped in the database; each
/// group's light comes from <see cref="StatusLights.ForDeadline"/> as of the period's end, so a
/// past bulletin is judged by that day, not by today's stored light.
/// </summary>
public static class SupervisionBulletin
{
    public static async Task<SupervisionBulletinReport> ComputeAsync(BlueprintDb db, DateOnly from, DateOnly to, DateOnly today, CancellationToken ct)
    {
        // China is UTC+8 all year: the period runs from 00:00 on From to 24:00 on To, city time.
        var startUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);
        var endUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);
        var asOf = to < today ? to : today;
        var inPeriod = db.Set<SupervisionItem>().AsNoTracking()
            .Where(i => i.CreatedAtUtc < endUtc && (i.ClosedAtUtc == null || i.ClosedAtUtc >= startUtc));
        var groups = await inPeriod
            .GroupBy(i => new
            {
                i.UnitId,
                i.Deadline,
                IsNew = i.CreatedAtUtc >= startUtc,
                ClosedInPeriod = i.ClosedAtUtc != null && i.ClosedAtUtc < endUtc,
            })
            .Select(g => new { g.Key.UnitId, g.Key.Deadline, g.Key.IsNew, g.Key.ClosedInPeriod, Count = g.Count() })
            .ToListAsync(ct);
        var lit = groups.Select(g => (g.UnitId, g.IsNew, g.ClosedInPeriod, g.Count, Light: StatusLights.ForDeadline(g.Deadline, asOf, g.ClosedInPeriod))).ToList();

        var unitIds = lit.Select(g => g.UnitId).Distinct().ToList();
        var units = await db.Set<Unit>().AsNoTracking().Where(u => unitIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Name, u.SortOrder, u.Path }).ToListAsync(ct);
        var perUnit = units.OrderBy(u => u.Path.Length).ThenBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u =>
            {
                var mine = lit.Where(g => g.UnitId == u.Id).ToList();
                return new SupervisionBulletinUnit(u.Id, u.Name, mine.Sum(g => g.Count), mine.Where(g => g.ClosedInPeriod).Sum(g => g.Count),
                    mine.Where(g => g.Light == StatusLight.Red).Sum(g => g.Count));
            })
            .ToList();

        // Red needs the deadline passed and the item still open at the period's end.
        var candidates = await inPeriod.Where(i => i.Deadline < asOf && (i.ClosedAtUtc == null || i.ClosedAtUtc >= endUtc))
            .OrderBy(i => i.Deadline).ThenBy(i => i.CaseNumber)
            .Select(i => new { i.Id, i.CaseNumber, i.Title, UnitName = i.Unit != null ? i.Unit.Name : "", i.Deadline })
            .ToListAsync(ct);
        var red = candidates.Where(i => StatusLights.ForDeadline(i.Deadline, asOf, closed: false) == StatusLight.Red)
            .Select(i => new SupervisionBulletinRedItem(i.Id, i.CaseNumber, i.Title, i.UnitName, i.Deadline)).ToList();

        return new SupervisionBulletinReport(from, to, asOf, lit.Sum(g => g.Count), lit.Where(g => g.IsNew).Sum(g => g.Count),
            lit.Where(g => g.ClosedInPeriod).Sum(g => g.Count), lit.Where(g => g.Light == StatusLight.Red).Sum(g => g.Count),
            lit.Where(g => g.Light == StatusLight.Yellow).Sum(g => g.Count), perUnit, red);
    }

    /// <summary>"Today" for deadlines is the date in China (UTC+8), wherever the server runs.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    public static RouteGroupBuilder MapSupervisionBulletin(this RouteGroupBuilder items)
    {
        items.MapGet("/bulletin", async Task<Results<Ok<SupervisionBulletinReport>, ValidationProblem>> (
            DateOnly? from, DateOnly? to, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var check = Validate(from, to, t);
            return check.IsValid ? TypedResults.Ok(await ComputeAsync(db, from!.Value, to!.Value, Today(clock), ct)) : Problems.Invalid(check.Errors);
        });

        items.MapGet("/bulletin/docx", async Task<Results<FileContentHttpResult, ValidationProblem>> (
            DateOnly? from, DateOnly? to, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var check = Validate(from, to, t);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            var report = await ComputeAsync(db, from!.Value, to!.Value, Today(clock), ct);
            var head = await DocumentIssues.ForSpanAsync(db, from!.Value, to!.Value, clock, t, ct);
            var bytes = SupervisionBulletinDocument.Write(report, head, t);
            return TypedResults.File(bytes, SupervisionBulletinDocument.ContentType, DownloadName.Of(t, "Download.SupervisionBulletin", ".docx", from!.Value, to!.Value));
        });
        return items;
    }

    public static Validation Validate(DateOnly? from, DateOnly? to, IStringLocalizer<SharedResource> t) =>
        new Validation(t)
            .Require(from is not null, "from", "Supervision.Bulletin.FromRequired")
            .Require(to is not null, "to", "Supervision.Bulletin.ToRequired")
            .Require(from is null || to is null || from <= to, "to", "Supervision.Bulletin.ToBeforeFrom");
}
