using System.Text.Json.Serialization;
using Blueprint.Web.Data;

namespace Blueprint.Web.Features.Workflow;

/// <summary>
/// A record a unit fills and sends up the one approval path (<see cref="SubmissionStatus"/>):
/// a monthly progress report, an indicator value, a review submission.
/// </summary>
public interface ISubmission : IVersioned, IUnitOwned
{
    SubmissionStatus Status { get; set; }
    int? SubmittedById { get; set; }
    int? ApprovedById { get; set; }
    int? AcceptedById { get; set; }
    DateTime? AcceptedAtUtc { get; set; }

    /// <summary>The record's id, whatever its type (the key of its <see cref="SubmissionEvent"/>s).</summary>
    long RecordId { get; }

    /// <summary>
    /// What the unit fills, as invariant strings by field name: kept with each submitted version
    /// and compared field by field between versions (<see cref="SubmissionHistory"/>).
    /// </summary>
    IReadOnlyDictionary<string, string?> HistoryFields();
}

/// <summary>
/// A submission of figures a unit records (a progress report, an indicator value): a step stamps
/// when they were submitted, and keeps the comment of the return that sent them back. Once
/// accepted it is corrected by a new record that supersedes it (<see cref="SubmissionSteps.CorrectAsync"/>).
/// </summary>
public interface IRecordedSubmission : ISubmission
{
    DateTime RecordedAtUtc { get; set; }
    string? ReviewComment { get; set; }

    /// <summary>The record this one corrects.</summary>
    long? SupersedesId { get; set; }

    /// <summary>False once a correction has superseded it.</summary>
    bool IsCurrent { get; set; }

    string? CorrectionReason { get; set; }
}

/// <summary>What a user asks to do with a submission.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum SubmissionAction
{
    /// <summary>Change the figures or text of a draft or a returned record.</summary>
    Edit = 0,
    Submit = 1,
    Approve = 2,
    Accept = 3,
    Return = 4,

    /// <summary>Replace an accepted record by a new one with a reason; the new one starts submitted.</summary>
    Correct = 5,
}

/// <summary>What the acting user may do to a submission of one kind (decided by <see cref="SubmissionKind"/>).</summary>
[Flags]
public enum SubmissionCapacity
{
    None = 0,

    /// <summary>Fills, edits, submits and corrects (the unit's reporter and leader, for progress also the office).</summary>
    Fill = 1,

    /// <summary>The first check: the unit leader.</summary>
    Approve = 2,

    /// <summary>The second check: the office.</summary>
    Accept = 4,
}

/// <summary>
/// The approval path of every submission as one table: status × action × capacity → the next
/// status, or null when the action is not allowed. Monthly progress, indicator values and review
/// submissions all ask this class (through <see cref="SubmissionSteps"/>), so the three cannot
/// drift apart, and what a page offers is what the API accepts. Pure: no I/O, no clock.
/// Who-may-not-approve-their-own-submission is checked by <see cref="SubmissionSteps"/>, because it
/// needs the user's id.
/// </summary>
public static class SubmissionFlow
{
    public static SubmissionStatus? Next(SubmissionStatus status, SubmissionAction action, SubmissionCapacity who)
    {
        var editable = status is SubmissionStatus.Draft or SubmissionStatus.Returned;
        return action switch
        {
            SubmissionAction.Edit when who.HasFlag(SubmissionCapacity.Fill) && editable => status,
            SubmissionAction.Submit when who.HasFlag(SubmissionCapacity.Fill) && editable => SubmissionStatus.Submitted,
            SubmissionAction.Approve when who.HasFlag(SubmissionCapacity.Approve) && status == SubmissionStatus.Submitted => SubmissionStatus.Approved,
            SubmissionAction.Accept when who.HasFlag(SubmissionCapacity.Accept) && status == SubmissionStatus.Approved => SubmissionStatus.Accepted,

            // The unit leader returns what waits for them; the office also what the leader approved.
            SubmissionAction.Return when status == SubmissionStatus.Submitted && (who & (SubmissionCapacity.Approve | SubmissionCapacity.Accept)) != 0 => SubmissionStatus.Returned,
            SubmissionAction.Return when status == SubmissionStatus.Approved && who.HasFlag(SubmissionCapacity.Accept) => SubmissionStatus.Returned,

            // The status of the correcting record; the corrected one keeps its status and stops being current.
            SubmissionAction.Correct when who.HasFlag(SubmissionCapacity.Fill) && status == SubmissionStatus.Accepted => SubmissionStatus.Submitted,
            _ => null,
        };
    }

    /// <summary>The capacity an action needs in some status; without it the answer is 403, with it a wrong status is 409.</summary>
    public static bool MayEver(SubmissionAction action, SubmissionCapacity who) =>
        Enum.GetValues<SubmissionStatus>().Any(s => Next(s, action, who) is not null);

    /// <summary>The actions the user may take now, in the order a page offers them.</summary>
    public static IReadOnlyList<SubmissionAction> Allowed(SubmissionStatus status, SubmissionCapacity who) =>
        [.. Enum.GetValues<SubmissionAction>().Where(a => Next(status, a, who) is not null)];

    /// <summary>Returning ends someone's work: the page asks for a reason and a confirmation.</summary>
    public static bool NeedsComment(SubmissionAction action) => action == SubmissionAction.Return;
}
