using Blueprint.Web.Infrastructure;

namespace Blueprint.Web.Features.Workflow;

/// <summary>A submission with a deadline: a first submission after it is late (迟报), and stays marked so.</summary>
public interface ILateSubmission : ISubmission
{
    bool IsLate { get; set; }
}

/// <summary>
/// The deadline of a record's first submission (monthly progress: its reporting window's 截止日,
/// a day of the city) and whether the office has reopened it for the record's unit. The one rule
/// of the submit step (<see cref="SubmissionSteps"/>, so the API and the pages) and of the
/// import's submit path:
/// <list type="bullet">
/// <item>up to the end of the due day: allowed, on time;</item>
/// <item>after it: refused with <see cref="PastDue"/>, unless reopened for the unit — then
/// allowed, and late;</item>
/// <item>only a draft's submission is judged: a report returned for a fix had been submitted
/// already, so its resubmission is neither refused nor marked (docs/decisions/0023-windows-close-by-themselves.md).</item>
/// </list>
/// </summary>
public sealed record SubmissionDeadline(DateOnly DueOn, bool Reopened, Refusal PastDue)
{
    public (Refusal? Refused, bool Late) Judge(DateOnly today) =>
        today <= DueOn ? (null, false) : Reopened ? (null, true) : (PastDue, false);

    /// <summary>Whether a submission from <paramref name="status"/> is a first one, the only kind the deadline judges.</summary>
    public static bool IsFirst(Data.SubmissionStatus status) => status == Data.SubmissionStatus.Draft;
}
