using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Components.Pages.Reviews;

/// <summary>
/// One unit's submission: writing (with autosave), the approval path, reviewers' comments, the
/// review items marked in it and, beside it, what became of last year's items. Every step goes
/// through <see cref="ReviewWorkflow"/> / <see cref="ReviewThread"/>, as the API does.
/// </summary>
public sealed partial class SubmissionPage
{
    [Parameter] public int Id { get; set; }

    [CascadingParameter] public HttpContext HttpContext { get; set; } = null!;

    [Inject] private BlueprintDb Db { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    private ReviewSubmissionDetail? _detail;
    private List<ReviewItemDto> _items = [];
    private List<ReviewItemDto> _previous = [];
    private List<Features.Workflow.SubmissionVersionDto> _versions = [];
    private UnitChoices _units = UnitChoices.Of([]);
    /// <summary>The plan years a goal or indicator can go into: those that exist, and the year after the campaign's if the project office may create it.</summary>
    private List<(int Year, string Label)> _planYearChoices = [];

    /// <summary>Goals of the campaign's year and later, for the indicator's and the supervision item's goal picker.</summary>
    private List<(int Id, string Title, int Year)> _goals = [];
    private Dictionary<string, string[]> _errors = [];
    private string? _message;
    private string? _error;

    private Infrastructure.CurrentUser Me => Db.CurrentUser;

    private bool Editable => _detail is { CampaignStatus: CampaignStatus.Open, Status: SubmissionStatus.Draft or SubmissionStatus.Returned } && Me.IsWriter();

    private bool CanApprove => _detail?.Status == SubmissionStatus.Submitted && Me.IsInRole(Roles.UnitLeader);

    private bool CanAccept => _detail?.Status == SubmissionStatus.Approved && Me.IsReviewer();

    private bool CanReturn => (_detail?.Status is SubmissionStatus.Submitted or SubmissionStatus.Approved && Me.IsReviewer())
        || (_detail?.Status == SubmissionStatus.Submitted && Me.IsInRole(Roles.UnitLeader));

    private bool CanComment => Me.IsCommenter() || Me.IsInRole(Roles.UnitLeader);

    private bool CanMark => Me.IsWriter() || Me.IsReviewer();

    private bool CanConvertAny => ConvertTargets.Count > 0;

    /// <summary>The targets this user may create (a project problem also the unit; the rest the offices).</summary>
    private List<ReviewItemTarget> ConvertTargets =>
    [
        .. Me.IsReviewer() ? new[] { ReviewItemTarget.SupervisionItem, ReviewItemTarget.Goal, ReviewItemTarget.Indicator } : [],
        .. Roles.Of(Roles.ProblemEditors).Any(Me.IsInRole) ? new[] { ReviewItemTarget.Problem } : [],
    ];

    private Microsoft.AspNetCore.Http.IFormCollection Form => HttpContext.Request.Form;

    private int PostedVersion => int.TryParse(Form["Version"], out var v) ? v : 0;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _detail = await ReviewQueries.SubmissionAsync(Db, Id, default);
        if (_detail is null)
        {
            // Another unit's submission is "not found" too: scope never reveals what exists.
            Navigation.NotFound();
            return;
        }

        _items = await ReviewOutcomes.ForSubmissionAsync(Db, Id, default);
        _previous = await ReviewOutcomes.PreviousYearAsync(Db, _detail.UnitId, _detail.Year, default);
        _versions = await ReviewQueries.HistoryAsync(Db, Id, default) ?? [];
        // Past 200 units the top of the tree and the submission's unit, with a search (issue 20 item 5).
        _units = await UnitChoices.LoadAsync(Db.Set<Unit>().Where(u => !u.IsDisabled).OrderBy(u => u.SortOrder).ThenBy(u => u.Id), [_detail.UnitId]);
        var years = await Db.Set<PlanYear>().AsNoTracking().OrderByDescending(y => y.Year).Select(y => new { y.Year, y.Title }).ToListAsync();
        _planYearChoices = [.. years.Select(y => (y.Year, string.IsNullOrEmpty(y.Title) ? $"{y.Year}" : $"{y.Year} · {y.Title}"))];
        var next = _detail.Year + 1;
        if (years.All(y => y.Year != next) && Me.IsInRole(Roles.ProjectOffice))
        {
            _planYearChoices.Insert(0, (next, T["Reviews.PlanYearToCreate", next]));
        }

        _goals = [.. (await Db.Set<Goal>().AsNoTracking().Where(g => g.PlanYear!.Year >= _detail.Year)
            .OrderBy(g => g.PlanYear!.Year).ThenBy(g => g.Id).Select(g => new { g.Id, g.Title, g.PlanYear!.Year }).ToListAsync())
            .Select(g => (g.Id, g.Title, g.Year))];
    }

    private async Task SaveAsync()
    {
        if (_detail is null)
        {
            return;
        }

        var sections = _detail.Sections.ToDictionary(s => s.Key, s => (string?)Form[$"section.{s.Key}"].ToString());
        var workflow = new ReviewWorkflow(Db, T, Clock);
        var (saved, error, errors) = await PageStep.RunAsync(() => workflow.SaveAsync(Id, new ReviewSectionsInput(sections, PostedVersion), default), T);
        if (saved is not null && Form["step"] == "submit")
        {
            var version = saved.Version;
            (saved, error, errors) = await PageStep.RunAsync(() => workflow.SubmitAsync(Id, version, default), T);
        }

        await DoneAsync(saved is not null, error, errors, Form["step"] == "submit" ? "Reviews.Submitted" : "Reviews.Saved");
    }

    private async Task ApproveAsync() => await StepAsync(w => w.ApproveAsync(Id, PostedVersion, default), "Reviews.Approved");

    private async Task AcceptAsync() => await StepAsync(w => w.AcceptAsync(Id, PostedVersion, default), "Reviews.Accepted");

    private async Task RemarkAsync()
    {
        var section = string.IsNullOrEmpty(Form["sectionKey"]) ? null : Form["sectionKey"].ToString();
        if (Form["step"] == "return")
        {
            await StepAsync(w => w.ReturnAsync(Id, new ReviewReturnInput(PostedVersion, Form["comment"], section), default), "Reviews.Returned");
            return;
        }

        var (comment, error, errors) = await PageStep.RunAsync(() => new ReviewWorkflow(Db, T, Clock).CommentAsync(Id, new ReviewCommentInput(Form["comment"], section), default), T);
        await DoneAsync(comment is not null, error, errors, "Reviews.Commented");
    }

    private async Task MarkAsync()
    {
        var kind = Enum.TryParse<ReviewItemKind>(Form["kind"], out var k) ? k : ReviewItemKind.Problem;
        var (item, error, errors) = await PageStep.RunAsync(() => new ReviewThread(Db, T, Clock).MarkAsync(Id, new ReviewItemInput(kind, Form["sectionKey"], Form["text"]), default), T);
        await DoneAsync(item is not null, error, errors, "Reviews.Marked");
    }

    private async Task ConvertAsync(int itemId, ReviewItemTarget target)
    {
        var input = new ReviewConvertInput(
            target,
            PostedVersion,
            Form["title"],
            int.TryParse(Form["unitId"], out var unit) ? unit : null,
            DateOnly.TryParse(Form["deadline"], CultureInfo.InvariantCulture, out var deadline) ? deadline : null,
            GoalId: int.TryParse(Form["goalId"], out var goal) ? goal : null,
            Measure: Form["measure"],
            AnnualTarget: decimal.TryParse(Form["annualTarget"], NumberStyles.Number, CultureInfo.InvariantCulture, out var annual) ? annual : null,
            Cadence: Enum.TryParse<Features.Supervision.FeedbackCadence>(Form["cadence"], out var cadence) ? cadence : Features.Supervision.FeedbackCadence.Monthly,
            ProblemKind: Enum.TryParse<ProblemKind>(Form["problemKind"], out var pk) ? pk : ProblemKind.Other,
            Year: int.TryParse(Form["year"], out var year) ? year : null);
        var (item, error, errors) = await PageStep.RunAsync(() => new ReviewThread(Db, T, Clock).ConvertAsync(itemId, input, default), T);
        await DoneAsync(item is not null, error, errors, "Reviews.Converted");
    }

    private async Task StepAsync(Func<ReviewWorkflow, Task<StepOutcome<ReviewSubmission>>> step, string done)
    {
        var (saved, error, errors) = await PageStep.RunAsync(() => step(new ReviewWorkflow(Db, T, Clock)), T);
        await DoneAsync(saved is not null, error, errors, done);
    }

    private async Task DoneAsync(bool succeeded, string? error, Dictionary<string, string[]> errors, string doneKey)
    {
        _message = succeeded ? T[doneKey].Value : null;
        _error = succeeded ? null : error;
        _errors = succeeded ? [] : errors;
        if (!succeeded)
        {
            HttpContext.Response.StatusCode = errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        }

        // A fresh context view: the step may have changed versions and statuses the page shows.
        Db.ChangeTracker.Clear();
        await LoadAsync();
    }

}
