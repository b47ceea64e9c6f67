using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>Reopen a month past its 截止日 for a unit, with the reason.</summary>
public sealed record ReopeningInput(int UnitId, string? Reason);

public sealed record ReopeningDto(int Id, int ReportingWindowId, int UnitId, string UnitName, string Reason, string? ReopenedBy, DateTime ReopenedAtUtc);

/// <summary>
/// Per-unit reopenings of a month past its 截止日 (<see cref="ReportingReopening"/>): who may
/// submit late. The submit step asks <see cref="CoversAsync"/>, the import <see cref="Covers"/>.
/// </summary>
public static class ReportingReopenings
{
    /// <summary>
    /// Whether the month is reopened for the unit: for it, or for a unit above it. Read past the
    /// scope filter in a query of its own: a department's reporter is covered by a reopening for
    /// its county, which the reporter cannot see.
    /// </summary>
    public static async Task<bool> CoversAsync(BlueprintDb db, int windowId, int unitId, CancellationToken ct)
    {
        var units = await db.Set<ReportingReopening>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Where(o => o.ReportingWindowId == windowId).Select(o => o.UnitId).ToListAsync(ct);
        if (units.Count == 0)
        {
            return false;
        }

        var path = await db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct);
        return path is not null && Covers(units, path);
    }

    /// <summary>Whether reopenings for <paramref name="reopenedUnits"/> cover the unit at <paramref name="unitPath"/> ("/1/4/9/").</summary>
    public static bool Covers(IEnumerable<int> reopenedUnits, string unitPath) =>
        reopenedUnits.Any(id => unitPath.Contains(string.Create(CultureInfo.InvariantCulture, $"/{id}/"), StringComparison.Ordinal));

    /// <summary>Every window's reopened units, for the import (one query, whatever the number of rows).</summary>
    public static async Task<ILookup<int, int>> AllAsync(BlueprintDb db, CancellationToken ct) =>
        (await db.Set<ReportingReopening>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Select(o => new { o.ReportingWindowId, o.UnitId }).ToListAsync(ct))
            .ToLookup(o => o.ReportingWindowId, o => o.UnitId);

    /// <summary>The reopenings of a month the user may see (their unit's, or all for the offices).</summary>
    public static Task<List<ReopeningDto>> ListAsync(BlueprintDb db, int windowId, CancellationToken ct)
    {
        var users = db.Set<User>();
        return db.Set<ReportingReopening>().AsNoTracking().Where(o => o.ReportingWindowId == windowId)
            .OrderBy(o => o.Unit!.SortOrder).ThenBy(o => o.Id)
            .Select(o => new ReopeningDto(o.Id, o.ReportingWindowId, o.UnitId, o.Unit!.Name, o.Reason,
                users.Where(u => u.Id == o.ReopenedById).Select(u => u.DisplayName).FirstOrDefault(), o.ReopenedAtUtc))
            .ToListAsync(ct);
    }

    /// <summary>
    /// The office reopens a month past its 截止日 for one unit, with a reason (audited as every
    /// write), and tells the unit. Before the 截止日 there is nothing to reopen; a closed month is locked.
    /// </summary>
    public static async Task<StepOutcome<ReopeningDto>> ReopenAsync(
        BlueprintDb db, int windowId, ReopeningInput input, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var window = await db.Set<ReportingWindow>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == windowId, ct);
        if (window is null)
        {
            return Refusal.NotFound;
        }

        if (!db.CurrentUser.IsInRole(Roles.ProjectOffice))
        {
            return Refusal.Forbidden();
        }

        var reason = input.Reason?.Trim();
        var unit = await db.Set<Unit>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == input.UnitId && !u.IsDisabled, ct);
        var check = new Validation(t)
            .Require(unit is not null, "unitId", "Progress.Reopen.UnitRequired")
            .Require(!string.IsNullOrEmpty(reason) && reason.Length <= 500, "reason", "Progress.Reopen.ReasonRequired");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        switch (ReportingWindows.StateOf(window, CityTime.Today(clock)))
        {
            case WindowState.Closed:
                return Refusal.Conflict("Progress.WindowClosed", window.Year, window.Month);
            case not WindowState.PastDue:
                return Refusal.Conflict("Progress.Reopen.NotPastDue", window.Year, window.Month, window.DueOn);
        }

        if (await db.Set<ReportingReopening>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AnyAsync(o => o.ReportingWindowId == windowId && o.UnitId == unit!.Id, ct))
        {
            return Refusal.Conflict("Progress.Reopen.Already", unit!.Name);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var reopening = new ReportingReopening { ReportingWindowId = windowId, UnitId = unit!.Id, Reason = reason!, ReopenedById = db.CurrentUser.UserId, ReopenedAtUtc = now };
        db.Add(reopening);
        await Inbox.NotifyUnitAsync(db, unit.Id, NotificationKind.General, new NoticeText("Progress.Reopen.Notice", window.Year, window.Month, reason!), t,
            ReportingReminders.MonthLink(window), null, now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The same unit reopened by two clicks at once: the unique index kept one.
            return Refusal.Conflict("Progress.Reopen.Already", unit.Name);
        }

        return (await ListAsync(db, windowId, ct)).Single(d => d.Id == reopening.Id);
    }

    /// <summary>
    /// The office takes a reopening back (撤销重新开放): whoever may reopen may withdraw, and the
    /// unit is told; the deletion is audited as every write, with the reopening's fields. Refused
    /// once the unit used it — a report of the month first submitted after the 截止日 (迟报) by the
    /// unit or a unit below it that no other reopening of the month covers: the report stays in the
    /// month, and the reopening is the record of why it was let in (to stop further late reports,
    /// the office closes the month). A closed month is locked; a reopening already gone is not found.
    /// </summary>
    public static async Task<StepOutcome<ReopeningDto>> WithdrawAsync(
        BlueprintDb db, int windowId, int reopeningId, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (!db.CurrentUser.IsInRole(Roles.ProjectOffice))
        {
            return Refusal.Forbidden();
        }

        var window = await db.Set<ReportingWindow>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == windowId, ct);
        var reopening = window is null ? null
            : await db.Set<ReportingReopening>().Include(o => o.Unit).SingleOrDefaultAsync(o => o.Id == reopeningId && o.ReportingWindowId == windowId, ct);
        if (reopening is null)
        {
            return Refusal.NotFound;
        }

        if (ReportingWindows.StateOf(window!, CityTime.Today(clock)) == WindowState.Closed)
        {
            return Refusal.Conflict("Progress.WindowClosed", window!.Year, window.Month);
        }

        // The late reports of the reopened unit and below, read past the scope like the submit step's check.
        var marker = string.Create(CultureInfo.InvariantCulture, $"/{reopening.UnitId}/");
        var latePaths = await db.Set<ProgressReport>().IgnoreQueryFilters([BlueprintDb.ScopeFilter])
            .Where(r => r.Year == window!.Year && r.Month == window.Month && r.IsLate && r.Unit!.Path.Contains(marker))
            .Select(r => r.Unit!.Path).Distinct().ToListAsync(ct);
        var others = latePaths.Count == 0 ? [] : await db.Set<ReportingReopening>().IgnoreQueryFilters([BlueprintDb.ScopeFilter])
            .Where(o => o.ReportingWindowId == windowId && o.Id != reopening.Id).Select(o => o.UnitId).ToListAsync(ct);
        if (latePaths.Any(path => !Covers(others, path)))
        {
            return Refusal.Conflict("Progress.Reopen.Used", reopening.Unit!.Name, window!.Year, window.Month);
        }

        var withdrawn = (await ListAsync(db, windowId, ct)).SingleOrDefault(d => d.Id == reopening.Id)
            ?? new ReopeningDto(reopening.Id, windowId, reopening.UnitId, reopening.Unit!.Name, reopening.Reason, null, reopening.ReopenedAtUtc);
        db.Remove(reopening);
        await Inbox.NotifyUnitAsync(db, reopening.UnitId, NotificationKind.General, new NoticeText("Progress.Reopen.WithdrawnNotice", window!.Year, window.Month), t,
            ReportingReminders.MonthLink(window), null, clock.GetUtcNow().UtcDateTime, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Withdrawn meanwhile by another click: it is gone.
            return Refusal.NotFound;
        }

        return withdrawn;
    }

    public static RouteGroupBuilder MapReportingReopenings(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:int}/reopenings", async Task<Results<Ok<List<ReopeningDto>>, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await db.Set<ReportingWindow>().AnyAsync(w => w.Id == id, ct) ? TypedResults.Ok(await ListAsync(db, id, ct)) : Problems.NotFound(t));

        group.MapPost("/{id:int}/reopenings", async Task<Results<Created<ReopeningDto>, ValidationProblem, ProblemHttpResult>> (
            int id, ReopeningInput input, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await ReopenAsync(db, id, input, clock, t, ct)).ToCreated(o => o, o => $"/api/reporting-windows/{id}/reopenings", t))
            .RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));

        group.MapDelete("/{id:int}/reopenings/{reopeningId:int}", async Task<Results<Ok<ReopeningDto>, ValidationProblem, ProblemHttpResult>> (
            int id, int reopeningId, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await WithdrawAsync(db, id, reopeningId, clock, t, ct)).ToResult(o => o, t))
            .RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));
        return group;
    }
}
