using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Workflow;

/// <summary>
/// The one place that decides who is told about a step of a submission:
/// <list type="bullet">
/// <item>submitted (or a correction) → the unit leaders of the record's unit, or of the nearest
/// unit above it that has one; when there is none, the accepting office;</item>
/// <item>approved → everyone who may accept (the office);</item>
/// <item>returned → the submitter and the leader who had approved it, with the reason;</item>
/// <item>accepted → the submitter and the approver.</item>
/// </list>
/// Nobody is told of their own step. The entries join the caller's unit of work and are saved
/// with the step itself.
/// </summary>
public sealed class SubmissionNotices(BlueprintDb db, IStringLocalizer<SharedResource> t)
{
    // A batch tells the same people again and again: each list is read once per instance.
    private readonly Dictionary<(string, int), List<int>> _approvers = [];
    private readonly Dictionary<string, List<int>> _acceptors = [];

    public async Task AddAsync(SubmissionKind kind, ISubmission record, SubmissionAction action, NoticeSubject subject,
        string? reason, int? submitter, int? approver, DateTime nowUtc, CancellationToken ct)
    {
        var (users, notice, text) = action switch
        {
            SubmissionAction.Submit or SubmissionAction.Correct =>
                (await ApproversAsync(kind, record.UnitId, ct), NotificationKind.Submitted, new NoticeText("Workflow.Notice.Submitted", subject.Title)),
            SubmissionAction.Approve => (await AcceptorsAsync(kind, ct), NotificationKind.Approved, new NoticeText("Workflow.Notice.Approved", subject.Title)),
            SubmissionAction.Return => (Present(submitter, approver), NotificationKind.Returned, new NoticeText("Workflow.Notice.Returned", subject.Title, reason ?? "")),
            SubmissionAction.Accept => (Present(record.SubmittedById, record.ApprovedById), NotificationKind.Accepted, new NoticeText("Workflow.Notice.Accepted", subject.Title)),
            _ => ([], NotificationKind.General, new NoticeText("Workflow.Notice.Submitted", subject.Title)),
        };

        var me = db.CurrentUser.UserId;
        Inbox.Notify(db, users.Where(u => u != me), notice, text, t, subject.Link, null, nowUtc);
    }

    private static List<int> Present(params int?[] ids) => [.. ids.OfType<int>()];

    /// <summary>The unit leaders nearest the record's unit (its own, else the parent's...), else the acceptors.</summary>
    private async Task<List<int>> ApproversAsync(SubmissionKind kind, int unitId, CancellationToken ct)
    {
        if (!_approvers.TryGetValue((kind.Name, unitId), out var found))
        {
            found = await FindApproversAsync(kind, unitId, ct);
            _approvers[(kind.Name, unitId)] = found;
        }

        return found;
    }

    private async Task<List<int>> FindApproversAsync(SubmissionKind kind, int unitId, CancellationToken ct) =>
        await Inbox.NearestRoleUsersAsync(db, unitId, [Roles.UnitLeader], ct) is { Count: > 0 } leaders ? leaders : await AcceptorsAsync(kind, ct);

    private async Task<List<int>> AcceptorsAsync(SubmissionKind kind, CancellationToken ct)
    {
        if (!_acceptors.TryGetValue(kind.Name, out var found))
        {
            found = await Inbox.RoleUsers(db, kind.Acceptors).Select(u => u.Id).Distinct().ToListAsync(ct);
            _acceptors[kind.Name] = found;
        }

        return found;
    }
}
