using System.Text.RegularExpressions;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Units;

/// <summary>What the system administrator types for a unit; <see cref="Version"/> is the one they saw (0 for a new unit).</summary>
public sealed record UnitInput(string? Name, string? ShortName, string? Code, UnitKind Kind, int? ParentId, int SortOrder, string? Aliases, int Version, string? MapArea = null);

/// <summary>Disable, enable or delete a unit: the version the administrator saw.</summary>
public sealed record UnitVersionInput(int Version);

/// <summary>
/// 单位管理: the system administrator keeps the organisation tree. A unit is created, renamed,
/// re-coded, moved under another parent (its whole subtree with it: <see cref="Unit.Path"/> of
/// every unit below is rewritten in the same transaction, so data scope follows at once), and
/// disabled rather than deleted once anything refers to it. Figures by unit follow today's
/// tree (decision 0016).
/// </summary>
public sealed partial class UnitAdmin(BlueprintDb db, IStringLocalizer<SharedResource> t)
{
    public const string Keepers = Roles.SystemAdmin;

    private bool CanKeep => db.CurrentUser.IsSystem || db.CurrentUser.IsInRole(Keepers);

    public async Task<StepOutcome<Unit>> SaveAsync(int? id, UnitInput input, CancellationToken ct)
    {
        if (!CanKeep)
        {
            return Refusal.Forbidden();
        }

        var unit = id is null ? null : await db.Set<Unit>().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (id is not null && unit is null)
        {
            return Refusal.NotFound;
        }

        var code = input.Code?.Trim() ?? "";
        var parent = input.ParentId is { } pid ? await db.Set<Unit>().SingleOrDefaultAsync(u => u.Id == pid, ct) : null;
        var hasRoot = await db.Set<Unit>().AnyAsync(u => u.ParentId == null && u.Id != (id ?? 0), ct);
        var check = new Validation(t)
            .Require(input.Name?.Trim() is { Length: > 0 and <= 100 }, "name", "UnitAdmin.NameRequired")
            .Require(CodePattern().IsMatch(code), "code", "UnitAdmin.CodeInvalid")
            .Require(!await db.Set<Unit>().AnyAsync(u => u.Code == code && u.Id != (id ?? 0), ct), "code", "UnitAdmin.CodeTaken", code)
            .Require((input.ShortName?.Trim().Length ?? 0) <= 50, "shortName", "UnitAdmin.ShortNameTooLong")
            .Require((input.Aliases?.Trim().Length ?? 0) <= 400, "aliases", "UnitAdmin.AliasesTooLong")
            .Require(input.MapArea is null || input.MapArea.Trim().Length == 0 || Map.CityMap.Current is not { } map || map.AreaNames.Contains(input.MapArea.Trim()),
                "mapArea", "UnitAdmin.MapAreaUnknown")
            .Require((input.MapArea?.Trim().Length ?? 0) <= 50, "mapArea", "Field.TooLong", 50)
            .Require(Enum.IsDefined(input.Kind), "kind", "Field.InvalidChoice")
            .Require(input.SortOrder is >= 0 and <= 99_999, "sortOrder", "UnitAdmin.SortOrderInvalid")
            .Require(input.ParentId is null ? !hasRoot : parent is not null, "parentId", input.ParentId is null ? "UnitAdmin.ParentRequired" : "UnitAdmin.ParentUnknown")
            // A unit cannot sit under itself or under anything below it: the tree would become a loop.
            .Require(unit is null || parent is null || !parent.Path.StartsWith(unit.Path, StringComparison.Ordinal), "parentId", "UnitAdmin.ParentInOwnSubtree")
            .Require(parent is null || !parent.IsDisabled || parent.Id == unit?.ParentId, "parentId", "UnitAdmin.ParentDisabled");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (unit is null)
        {
            unit = new Unit { Name = "", Code = "" };
            db.Add(unit);
        }
        else
        {
            db.ExpectVersion(unit, input.Version);
        }

        unit.Name = input.Name!.Trim();
        unit.ShortName = Blank(input.ShortName);
        unit.Code = code;
        unit.Kind = input.Kind;
        unit.SortOrder = input.SortOrder;
        unit.Aliases = Blank(input.Aliases);
        unit.MapArea = Blank(input.MapArea);
        var oldPath = unit.Path;
        unit.ParentId = parent?.Id;
        await db.SaveChangesAsync(ct);

        var newPath = $"{parent?.Path ?? "/"}{unit.Id}/";
        if (newPath != oldPath)
        {
            await MoveSubtreeAsync(unit, oldPath, newPath, ct);
        }

        await transaction.CommitAsync(ct);
        return unit;
    }

    /// <summary>
    /// Rewrites the path of the unit and of every unit below it. Through tracked entities, not
    /// ExecuteUpdate, so that each changed path is in the audit chain.
    /// </summary>
    private async Task MoveSubtreeAsync(Unit unit, string oldPath, string newPath, CancellationToken ct)
    {
        unit.Path = newPath;
        if (oldPath != "/")
        {
            var below = await db.Set<Unit>().Where(u => u.Path.StartsWith(oldPath) && u.Id != unit.Id).ToListAsync(ct);
            foreach (var child in below)
            {
                child.Path = newPath + child.Path[oldPath.Length..];
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Disables or enables a unit. A unit with enabled units or accounts below it stays enabled: those go first.</summary>
    public async Task<StepOutcome<Unit>> SetDisabledAsync(int id, bool disabled, int version, CancellationToken ct)
    {
        if (!CanKeep)
        {
            return Refusal.Forbidden();
        }

        var unit = await db.Set<Unit>().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null)
        {
            return Refusal.NotFound;
        }

        if (disabled && await db.Set<Unit>().AnyAsync(u => u.ParentId == id && !u.IsDisabled, ct))
        {
            return Refusal.Conflict("UnitAdmin.HasEnabledChildren");
        }

        if (disabled && await db.Users.AnyAsync(u => u.UnitId == id && !u.IsDisabled, ct))
        {
            return Refusal.Conflict("UnitAdmin.HasEnabledAccounts");
        }

        if (!disabled && unit.ParentId is { } parentId && await db.Set<Unit>().AnyAsync(u => u.Id == parentId && u.IsDisabled, ct))
        {
            return Refusal.Conflict("UnitAdmin.ParentDisabled");
        }

        db.ExpectVersion(unit, version);
        unit.IsDisabled = disabled;
        await db.SaveChangesAsync(ct);
        return unit;
    }

    /// <summary>
    /// Deletes a unit that nothing refers to (a unit created by mistake). Any record of it —
    /// an account, a unit below, a project, a report — makes the database refuse, and the
    /// answer is to disable it instead.
    /// </summary>
    public async Task<StepOutcome<Unit>> DeleteAsync(int id, int version, CancellationToken ct)
    {
        if (!CanKeep)
        {
            return Refusal.Forbidden();
        }

        var unit = await db.Set<Unit>().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null)
        {
            return Refusal.NotFound;
        }

        if (await db.Set<Unit>().AnyAsync(u => u.ParentId == id, ct) || await db.Users.AnyAsync(u => u.UnitId == id, ct))
        {
            return Refusal.Conflict("UnitAdmin.HasRecords");
        }

        db.ExpectVersion(unit, version);
        db.Remove(unit);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Refusal.Conflict("UnitAdmin.HasRecords");
        }

        return unit;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")]
    internal static partial Regex CodePattern();
}
