using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Workflow;

/// <summary>
/// Runs one step of the approval path on any submission: checks it against the one table
/// (<see cref="SubmissionFlow"/>) and the own-approval rule, stamps who did it, tells the next
/// person (<see cref="SubmissionNotices"/>) and saves — in one SaveChanges, so the inbox entry
/// commits with the step. What differs between kinds (a reporting window, "nothing written", the
/// figures) the workflows pass in as a check, and what else they stamp as an action. A kind with
/// deadlines passes its <see cref="SubmissionDeadline"/>: a first submission after it is refused,
/// or marked late where the office reopened it.
/// </summary>
public sealed class SubmissionSteps(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    private CurrentUser User => db.CurrentUser;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Why the user may not take the action now (403 without the role, 409 in the wrong status), or null.</summary>
    public Refusal? Refuse(SubmissionKind kind, ISubmission record, SubmissionAction action)
    {
        var who = kind.CapacityOf(User);
        if (!SubmissionFlow.MayEver(action, who))
        {
            return Refusal.Forbidden(kind.Texts.Forbidden(action));
        }

        // Nobody approves what they submitted, and the one who approved does not also accept.
        var own = action switch
        {
            SubmissionAction.Approve => !Approval.CanApprove(record.SubmittedById, User.UserId),
            SubmissionAction.Accept => !Approval.CanApprove(record.SubmittedById, User.UserId) || !Approval.CanApprove(record.ApprovedById, User.UserId),
            _ => false,
        };
        if (own)
        {
            return Refusal.Forbidden("Error.OwnApproval");
        }

        return SubmissionFlow.Next(record.Status, action, who) is null ? Refusal.Conflict(kind.Texts.WrongStatus(action)) : null;
    }

    /// <summary>The actions the user may take on the record now (what a page offers).</summary>
    public IReadOnlyList<SubmissionAction> Allowed(SubmissionKind kind, ISubmission record) =>
        [.. SubmissionFlow.Allowed(record.Status, kind.CapacityOf(User)).Where(a => Refuse(kind, record, a) is null)];

    /// <summary>
    /// Submits, approves, accepts or returns <paramref name="record"/> (null: not found), after
    /// the table, then <paramref name="check"/>, then (a first submission) the <paramref name="deadline"/>.
    /// A return needs a <paramref name="comment"/>. A <see cref="IRecordedSubmission"/> gets the
    /// time of its submission and the comment of its return.
    /// </summary>
    public async Task<StepOutcome<T>> RunAsync<T>(SubmissionKind kind, T? record, SubmissionAction action, int version,
        Func<T, CancellationToken, Task<NoticeSubject>> subject, CancellationToken ct,
        Func<T, Task<Refusal?>>? check = null, string? comment = null, Action<T>? also = null,
        Func<T, Task<SubmissionDeadline?>>? deadline = null)
        where T : class, ISubmission
    {
        ArgumentOutOfRangeException.ThrowIfEqual(action is SubmissionAction.Edit or SubmissionAction.Correct, true, nameof(action));
        if (record is null)
        {
            return Refusal.NotFound;
        }

        if ((Refuse(kind, record, action) ?? (check is null ? null : await check(record))) is { } refused)
        {
            return refused;
        }

        var late = false;
        if (action == SubmissionAction.Submit && SubmissionDeadline.IsFirst(record.Status) && deadline is not null && await deadline(record) is { } due)
        {
            (var pastDue, late) = due.Judge(CityTime.Today(clock));
            if (pastDue is not null)
            {
                return pastDue;
            }
        }

        var reason = comment?.Trim();
        if (action == SubmissionAction.Return
            && new Validation(t).Require(!string.IsNullOrEmpty(reason) && reason.Length <= kind.MaxComment, "comment", kind.Texts.CommentRequired) is { IsValid: false } invalid)
        {
            return Refusal.Invalid(invalid.Errors);
        }

        db.ExpectVersion(record, version);
        var submitter = record.SubmittedById;
        var approver = record.ApprovedById;
        Stamp(kind, record, action, reason);
        if (late && record is ILateSubmission marked)
        {
            marked.IsLate = true;
        }

        if (record is IRecordedSubmission recorded)
        {
            recorded.RecordedAtUtc = action == SubmissionAction.Submit ? Now : recorded.RecordedAtUtc;
            recorded.ReviewComment = action == SubmissionAction.Return ? reason : recorded.ReviewComment;
        }

        also?.Invoke(record);
        await new SubmissionNotices(db, t).AddAsync(kind, record, action, await subject(record, ct), reason, submitter, approver, Now, ct);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>The most records one batch request may hold.</summary>
    public const int MaxBatch = 2_000;

    /// <summary>
    /// Approves or accepts many records in one request (issue 14 item 7): each is judged by the
    /// same rules as one at a time, and answers for itself — a refused one does not stop the
    /// others. The records (already loaded through the caller's scope; a missing id is "not
    /// found") change in one transaction with their notices. A record whose version is not the
    /// one the user saw is refused as a conflict; a change between loading and saving fails
    /// the whole batch with 409, never silently.
    /// </summary>
    public async Task<StepOutcome<List<BatchResult>>> BatchAsync<T>(SubmissionKind kind, BatchInput input,
        Func<long[], CancellationToken, Task<List<T>>> load, Func<T, long> id,
        Func<IReadOnlyCollection<T>, CancellationToken, Task<Func<T, NoticeSubject>>> subjects, CancellationToken ct)
        where T : class, ISubmission
    {
        var items = input.Items ?? [];
        var check = new Validation(t)
            .Require(input.Action is SubmissionAction.Approve or SubmissionAction.Accept, "action", "Workflow.BatchAction")
            .Require(items.Count is > 0 and <= MaxBatch, "items", "Workflow.BatchSize", MaxBatch)
            .Require(items.Select(i => i.Id).Distinct().Count() == items.Count, "items", "Workflow.BatchDuplicate");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        // Loaded in slices: one IN list of thousands of ids is past what some providers take.
        var records = new Dictionary<long, T>();
        foreach (var slice in items.Select(i => i.Id).Chunk(500))
        {
            foreach (var r in await load(slice, ct))
            {
                records[id(r)] = r;
            }
        }

        return await RunManyAsync(kind, input.Action, items, records, id, await subjects(records.Values, ct), ct);
    }

    private async Task<List<BatchResult>> RunManyAsync<T>(SubmissionKind kind, SubmissionAction action, List<BatchItem> items,
        Dictionary<long, T> records, Func<T, long> id, Func<T, NoticeSubject> subject, CancellationToken ct)
        where T : class, ISubmission
    {
        ArgumentOutOfRangeException.ThrowIfEqual(action is SubmissionAction.Approve or SubmissionAction.Accept, false, nameof(action));
        var notices = new SubmissionNotices(db, t);
        var results = new List<BatchResult>(items.Count);
        foreach (var item in items)
        {
            var record = records.GetValueOrDefault(item.Id);
            var refused = record is null ? Refusal.NotFound
                : Refuse(kind, record, action) ?? (record.Version != item.Version ? Refusal.Conflict("Error.Conflict") : null);
            if (refused is not null)
            {
                results.Add(new BatchResult(item.Id, false, record?.Status, refused.Message(t)));
                continue;
            }

            Stamp(kind, record!, action, null);
            await notices.AddAsync(kind, record!, action, subject(record!), null, record!.SubmittedById, record.ApprovedById, Now, ct);
            results.Add(new BatchResult(id(record), true, record.Status, null));
        }

        await db.SaveChangesAsync(ct);
        return results;
    }

    /// <summary>
    /// Corrects the accepted <paramref name="old"/> record (null: not found), for every kind alike:
    /// after the table, the kind's <paramref name="check"/> of what is sent, with a reason of at most
    /// 500 characters (else <paramref name="reasonRequired"/>); then the kind makes the
    /// <paramref name="correction"/> with its own fields (or refuses, as the figure checks of
    /// progress do). The old record stops being current; the new one supersedes it with the reason,
    /// submitted by the user (<see cref="SaveCorrectionAsync"/>). A kind whose unique index holds one
    /// current record (<paramref name="oneCurrent"/>) saves the old row first, in the same
    /// transaction: EF orders commands by unique-key changes, and IsCurrent is only the index's
    /// filter, not one of its keys, so one save could insert the new row before the old one stops.
    /// </summary>
    public async Task<StepOutcome<T>> CorrectAsync<T>(SubmissionKind kind, T? old, int version, string? reason, string reasonRequired,
        Func<T, Validation> check, Func<T, Task<StepOutcome<T>>> correction, Func<T, CancellationToken, Task<NoticeSubject>> subject,
        CancellationToken ct, bool oneCurrent = false)
        where T : class, IRecordedSubmission
    {
        if (old is null)
        {
            return Refusal.NotFound;
        }

        if (Refuse(kind, old, SubmissionAction.Correct) is { } refused)
        {
            return refused;
        }

        var why = reason?.Trim();
        var valid = check(old).Require(!string.IsNullOrEmpty(why) && why.Length <= 500, "reason", reasonRequired);
        if (!valid.IsValid)
        {
            return Refusal.Invalid(valid.Errors);
        }

        var made = await correction(old);
        if (made.Value is not { } corrected)
        {
            return made;
        }

        db.ExpectVersion(old, version);
        old.IsCurrent = false;
        corrected.UnitId = old.UnitId;
        corrected.SupersedesId = old.RecordId;
        corrected.CorrectionReason = why;
        corrected.RecordedAtUtc = Now;
        await using var transaction = oneCurrent ? await db.Database.BeginTransactionAsync(ct) : null;
        if (oneCurrent)
        {
            await db.SaveChangesAsync(ct);
        }

        db.Add(corrected);
        await SaveCorrectionAsync(kind, corrected, why!, await subject(corrected, ct), ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return corrected;
    }

    /// <summary>
    /// Saves a new correcting record as submitted by the user, with its place in the history
    /// and the notice to its approvers: the row is inserted first (the history needs its id),
    /// all in one transaction — the caller's, or one of its own.
    /// </summary>
    public async Task SaveCorrectionAsync<T>(SubmissionKind kind, T correction, string reason, NoticeSubject subject, CancellationToken ct)
        where T : class, ISubmission
    {
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        Stamp(kind, correction, SubmissionAction.Submit, null, history: false);
        await new SubmissionNotices(db, t).AddAsync(kind, correction, SubmissionAction.Correct, subject, null, null, null, Now, ct);
        await db.SaveChangesAsync(ct);
        Record(kind, correction, SubmissionAction.Correct, reason);
        await db.SaveChangesAsync(ct);
        if (own is not null)
        {
            await own.CommitAsync(ct);
        }
    }

    /// <summary>Keeps the step in the history: who, when, why, and on a submit what was sent.</summary>
    private void Record(SubmissionKind kind, ISubmission record, SubmissionAction action, string? comment) =>
        db.Add(new SubmissionEvent
        {
            Kind = kind.Name,
            RecordId = record.RecordId,
            Action = action,
            ById = User.UserId,
            AtUtc = Now,
            Comment = comment,
            Fields = action is SubmissionAction.Submit or SubmissionAction.Correct ? SubmissionHistory.Serialize(record.HistoryFields()) : null,
        });

    private void Stamp(SubmissionKind kind, ISubmission record, SubmissionAction action, string? comment, bool history = true)
    {
        if (history)
        {
            Record(kind, record, action, comment);
        }

        switch (action)
        {
            case SubmissionAction.Submit:
                record.Status = SubmissionStatus.Submitted;
                record.SubmittedById = User.UserId;
                record.ApprovedById = null;
                break;
            case SubmissionAction.Approve:
                record.Status = SubmissionStatus.Approved;
                record.ApprovedById = User.UserId;
                break;
            case SubmissionAction.Accept:
                record.Status = SubmissionStatus.Accepted;
                record.AcceptedById = User.UserId;
                record.AcceptedAtUtc = Now;
                break;
            case SubmissionAction.Return:
                record.Status = SubmissionStatus.Returned;
                record.ApprovedById = null;
                break;
        }
    }
}
