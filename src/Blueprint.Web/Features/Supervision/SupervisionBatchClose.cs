using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>One item of a batch close, with the version the office saw.</summary>
public sealed record SupervisionBatchItem(int Id, int Version);

/// <summary>The items to close, and one optional comment written on each closing step.</summary>
public sealed record SupervisionBatchCloseInput(List<SupervisionBatchItem>? Items, string? Comment);

/// <summary>What happened to one item of a batch close: its status now, or why it was refused.</summary>
public sealed record SupervisionBatchResult(int Id, bool Succeeded, SupervisionStatus? Status, string? Message);

/// <summary>
/// 批量办结 (issue 14 item 7): the office closes many items whose closure the lead units asked
/// for, after checking them. Each item goes through <see cref="SupervisionActions.RunAsync"/> —
/// the one rule, its step in the history, its audit rows and its inbox entries — in a transaction
/// of its own, so one refused item (not waiting for closure, changed since the list was read,
/// gone) is answered on its own and does not stop the others. Unlike the progress batch the
/// items are not saved together: the single close already commits step and notices per item, and
/// a batch that is all-or-nothing would make one stale row undo the office's other decisions.
/// </summary>
public static class SupervisionBatchClose
{
    /// <summary>
    /// The most items one request may close. Each item is the single close's whole work (its own
    /// transaction, history step, audit rows and notices), and a list page shows at most 100 rows:
    /// 200 leaves room for an API client without letting one request hold a connection for long.
    /// </summary>
    public const int MaxBatch = 200;

    public static async Task<StepOutcome<List<SupervisionBatchResult>>> RunAsync(
        BlueprintDb db, SupervisionBatchCloseInput input, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var items = input.Items ?? [];
        var check = new Validation(t)
            .Require(items.Count is > 0 and <= MaxBatch, "items", "Supervision.BatchSize", MaxBatch)
            .Require(items.Select(i => i.Id).Distinct().Count() == items.Count, "items", "Supervision.BatchDuplicate")
            .Require((input.Comment?.Length ?? 0) <= 2000, "comment", "Supervision.CommentTooLong");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var messages = new Dictionary<int, string>();
        foreach (var item in items)
        {
            if (await CloseOneAsync(db, item, input.Comment, clock, t, ct) is { } refused)
            {
                messages[item.Id] = refused;
            }
        }

        // Every item's status as it stands now (the office sees every item: one query).
        var ids = items.Select(i => i.Id).ToList();
        var statuses = await db.Set<SupervisionItem>().AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, i.Status }).ToDictionaryAsync(i => i.Id, i => i.Status, ct);
        return items.Select(i => new SupervisionBatchResult(
            i.Id, !messages.ContainsKey(i.Id), statuses.TryGetValue(i.Id, out var s) ? s : null, messages.GetValueOrDefault(i.Id))).ToList();
    }

    /// <summary>Closes one item as the detail page would; the refusal in the user's words, or null.</summary>
    private static async Task<string?> CloseOneAsync(
        BlueprintDb db, SupervisionBatchItem item, string? comment, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        try
        {
            var refusal = await SupervisionActions.RunAsync(db, item.Id, new SupervisionActionInput(SupervisionAction.Close, comment, item.Version), clock, t, ct);
            return refusal switch
            {
                null => null,
                { Errors: { } errors } => string.Join(" ", errors.Values.SelectMany(v => v)),
                _ => refusal.Problem?.ProblemDetails.Title ?? t["Error.Unexpected"],
            };
        }
        catch (DbUpdateConcurrencyException)
        {
            return t["Error.Conflict"];
        }
        catch (ScopeViolationException)
        {
            return t["Error.OutOfScope"];
        }
        catch (DisabledUnitException)
        {
            return t["Error.UnitDisabled"];
        }
        finally
        {
            // A refused item leaves its step and change tracked: the next item starts clean.
            db.ChangeTracker.Clear();
        }
    }
}
