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
    private List<(int Id, string Name)> _units = [];
    private List<(int Id, string Title)> _planYears = [];
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
        _units = [.. (await Db.Set<Unit>().AsNoTracking().Where(u => !u.IsDisabled).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync()).Select(u => (u.Id, u.Name))];
        _planYears = [.. (await Db.Set<PlanYear>().AsNoTracking().OrderByDescending(y => y.Year).Select(y => new { y.Id, y.Title }).ToListAsync()).Select(y => (y.Id, y.Title))];
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

    private async Task ConvertAsync(int itemId)
    {
        var input = new ReviewConvertInput(
            Enum.TryParse<ReviewItemTarget>(Form["target"], out var target) ? target : ReviewItemTarget.None,
            PostedVersion,
            Form["title"],
            int.TryParse(Form["unitId"], out var unit) ? unit : null,
            DateOnly.TryParse(Form["deadline"], CultureInfo.InvariantCulture, out var deadline) ? deadline : null,
            int.TryParse(Form["planYearId"], out var year) ? year : null,
            Measure: Form["measure"],
            AnnualTarget: decimal.TryParse(Form["annualTarget"], NumberStyles.Number, CultureInfo.InvariantCulture, out var annual) ? annual : null,
            ProblemKind: Enum.TryParse<ProblemKind>(Form["problemKind"], out var pk) ? pk : ProblemKind.Other);
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
