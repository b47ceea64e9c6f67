using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Components.Pages.Progress;

/// <summary>
/// The form's steps all go through <see cref="ProgressWorkflow"/>, the same rules as the API;
/// this class only turns typed 万元 into 元, shows which buttons the user's role allows, and
/// redirects after a successful post so a reload never posts twice.
/// </summary>
public partial class ProgressForm
{
    [Parameter] public int ProjectId { get; set; }

    [Parameter] public int Year { get; set; }

    [Parameter] public int Month { get; set; }

    [CascadingParameter] public HttpContext HttpContext { get; set; } = null!;

    /// <summary>What the last post did (saved, submitted, approved …), shown once after the redirect.</summary>
    [SupplyParameterFromQuery] private string? Done { get; set; }

    [SupplyParameterFromForm(FormName = "fill")] private ProgressFormValues? Fill { get; set; }

    [SupplyParameterFromForm(FormName = "correct")] private ProgressFormValues? Correct { get; set; }

    [SupplyParameterFromForm(FormName = "approve", Name = "Act")] private ProgressActionValues? Approve { get; set; }

    [SupplyParameterFromForm(FormName = "accept", Name = "Act")] private ProgressActionValues? Accept { get; set; }

    [SupplyParameterFromForm(FormName = "return")] private ProgressActionValues? Back { get; set; }

    private static readonly string[] DoneWords = ["saved", "submitted", "approved", "accepted", "returned", "corrected", "photo", "photoDeleted"];

    private KeyProject? _project;
    private ProgressReport? _report;
    private ProgressReport? _previous;
    private WindowState _window;
    private ReportingWindow? _windowRow;

    /// <summary>Past its 截止日, the month is reopened for this project's unit (or a unit above it).</summary>
    private bool _reopened;
    private MissingReportRow? _next;
    private List<SubmissionVersionDto> _history = [];
    private List<PhotoDto> _photos = [];
    private bool _loaded;
    private Dictionary<string, string[]> _errors = [];
    private string? _message;

    private bool IsFiller => CurrentUser.IsInRole(Roles.UnitReporter) || CurrentUser.IsInRole(Roles.UnitLeader) || CurrentUser.IsInRole(Roles.ProjectOffice);

    private bool IsOffice => CurrentUser.IsInRole(Roles.ProjectOffice);

    private bool IsUnitLeader => CurrentUser.IsInRole(Roles.UnitLeader);

    private bool NotOwn => _report is not null && Approval.CanApprove(_report.SubmittedById, CurrentUser.UserId);

    /// <summary>Drafts may still be written after the 截止日; submitting them then needs a reopening (the workflow says so).</summary>
    private bool WindowWritable => _window is WindowState.Open or WindowState.PastDue;

    private bool CanEdit => IsFiller && (_report is null
        ? WindowWritable
        : _report.Status is SubmissionStatus.Draft or SubmissionStatus.Returned && (_report.SupersedesId is not null || WindowWritable));

    private bool CanApprove => _report?.Status == SubmissionStatus.Submitted && (IsUnitLeader || IsOffice) && NotOwn;

    private bool CanAccept => _report?.Status == SubmissionStatus.Approved && IsOffice && NotOwn;

    private bool CanReturn => (_report?.Status == SubmissionStatus.Submitted && (IsUnitLeader || IsOffice)) || (_report?.Status == SubmissionStatus.Approved && IsOffice);

    /// <summary>Site photos change while the report is not sent (as <see cref="SitePhotos.MonthOpenAsync"/> checks).</summary>
    private bool CanChangePhotos => IsFiller && !_project!.IsArchived && (_report is null || _report.Status is SubmissionStatus.Draft or SubmissionStatus.Returned);

    private bool CanCorrect => IsFiller && _report?.Status == SubmissionStatus.Accepted;

    private string MonthText => Month is >= 1 and <= 12 && Year is >= 2000 and <= 2100
        ? string.Format(CultureInfo.CurrentCulture, T["Date.Month"], new DateOnly(Year, Month, 1))
        : $"{Year}-{Month}";

    private string WindowText => _window switch
    {
        WindowState.None => T["Progress.WindowStateNone"],
        WindowState.NotYetOpen => string.Format(CultureInfo.CurrentCulture, T["Progress.WindowStateNotYetOpen"], _windowRow!.OpensOn, _windowRow.DueOn),
        WindowState.Open => string.Format(CultureInfo.CurrentCulture, T["Progress.WindowStateOpen"], _windowRow!.OpensOn, _windowRow.DueOn),
        WindowState.PastDue => string.Format(CultureInfo.CurrentCulture, T[_reopened ? "Progress.WindowStatePastDueReopened" : "Progress.WindowStatePastDue"], _windowRow!.OpensOn, _windowRow.DueOn),
        _ => T["Progress.WindowStateClosed"],
    };

    protected override async Task OnInitializedAsync()
    {
        Done = DoneWords.Contains(Done) ? Done : null;
        _project = await Db.Set<KeyProject>().AsNoTracking().Include(p => p.Unit).SingleOrDefaultAsync(p => p.Id == ProjectId);
        if (_project is null || Month is < 1 or > 12 || Year is < 2000 or > 2100)
        {
            // Another unit's project is "not found" too: scope never reveals what exists.
            _project = null;
            Navigation.NotFound();
            _loaded = true;
            return;
        }

        _report = await Db.Set<ProgressReport>().SingleOrDefaultAsync(r => r.KeyProjectId == ProjectId && r.Year == Year && r.Month == Month && r.IsCurrent);
        _previous = await ProgressQueries.PreviousAsync(Db, ProjectId, Year, Month, default);
        (_window, _windowRow) = await ReportingWindows.StateAsync(Db, Year, Month, Clock, default);
        _reopened = _window == WindowState.PastDue && await ReportingReopenings.CoversAsync(Db, _windowRow!.Id, _project.UnitId, default);
        _history = await ProgressQueries.HistoryAsync(Db, T, ProjectId, Year, Month, default);
        _photos = await SitePhotos.ListAsync(Db, ProjectId, Year, Month, default);
        // Rows projected into records cannot be filtered further in SQL: take two and skip this project here.
        _next = (await ProgressQueries.Missing(Db, Year, Month).Take(2).ToListAsync()).FirstOrDefault(m => m.KeyProjectId != ProjectId);
        Fill ??= ValuesOf(_report);
        Correct ??= ValuesOf(_report);
        _loaded = true;
    }

    private static ProgressFormValues ValuesOf(ProgressReport? r) => r is null ? new() : new()
    {
        ThisMonth = WanInput.Format(r.InvestmentThisMonth),
        YearToDate = WanInput.Format(r.InvestmentYearToDate),
        SinceStart = WanInput.Format(r.InvestmentSinceStart),
        Physical = r.PhysicalProgress,
        Nodes = r.NodesReached,
        Problems = r.ProblemsRaised,
        Explanation = r.Explanation,
        Version = r.Version,
    };

    private async Task SaveAsync()
    {
        var keptDraft = false;
        await RunAsync(async workflow =>
        {
            if (Parse(Fill!) is not { } money)
            {
                return null;
            }

            var input = new ProgressReportInput(ProjectId, Year, Month, money.ThisMonth, money.YearToDate, money.SinceStart,
                Fill!.Physical, Fill.Nodes, Fill.Problems, Fill.Version, Fill.Explanation);
            var saved = _report is null ? await workflow.CreateAsync(input, default) : await workflow.UpdateAsync(_report.Id, input, default);
            if (!saved.Succeeded || Fill.Action != "submit")
            {
                return (saved, "saved");
            }

            // Saved but not submitted (a warning without 情况说明, the window closed): the page stays on
            // the saved draft, with its warnings, and says why it was not submitted.
            var submitted = await workflow.SubmitAsync(saved.Value!.Id, saved.Value.Version, default);
            if (!submitted.Succeeded)
            {
                keptDraft = true;
                _report = saved.Value;
                Fill.Version = saved.Value.Version;
            }

            return (submitted, "submitted");
        });

        if (keptDraft && _errors.Count > 0)
        {
            _message = T["Progress.SavedNotSubmitted"];
        }
    }

    private Task ApproveAsync() => RunAsync(async w => (await w.ApproveAsync(_report!.Id, Approve?.Version ?? 0, default), "approved"));

    private Task AcceptAsync() => RunAsync(async w => (await w.AcceptAsync(_report!.Id, Accept?.Version ?? 0, default), "accepted"));

    private Task ReturnAsync() => RunAsync(async w => (await w.ReturnAsync(_report!.Id, new ReturnInput(Back?.Version ?? 0, Back?.Comment), default), "returned"));

    private Task CorrectAsync() => RunAsync(async workflow =>
    {
        if (Parse(Correct!) is not { } money)
        {
            return null;
        }

        var input = new ProgressCorrectionInput(money.ThisMonth, money.YearToDate, money.SinceStart,
            Correct!.Physical, Correct.Nodes, Correct.Problems, Correct.Reason, Correct.Version);
        return (await workflow.CorrectAsync(_report!.Id, input, default), "corrected");
    });

    /// <summary>Runs one step; on success redirects (post/redirect/get), otherwise shows why next to the fields or on top.</summary>
    private async Task RunAsync(Func<ProgressWorkflow, Task<(StepOutcome<ProgressReport> Outcome, string Done)?>> step)
    {
        if (_project is null)
        {
            return;
        }

        try
        {
            if (await step(new ProgressWorkflow(Db, T, Clock)) is not { } result)
            {
                return;
            }

            var (outcome, done) = result;
            if (outcome.Succeeded)
            {
                Navigation.NavigateTo($"progress/{ProjectId}/{Year}/{Month}?done={done}");
                return;
            }

            _errors = outcome.Refused!.Errors ?? [];
            _message = outcome.Refused.Failure == StepFailure.Invalid && _errors.Keys.All(FieldShown) ? T["Progress.FixFields"] : outcome.Message(T);
        }
        catch (DbUpdateConcurrencyException)
        {
            _message = T["Error.Conflict"];
        }
        catch (ScopeViolationException)
        {
            _message = T["Error.OutOfScope"];
        }
    }

    private static bool FieldShown(string field) => field is not ("year" or "month");

    /// <summary>Typed 万元 → 元; a field that is not a number gets its message beside it.</summary>
    private (long ThisMonth, long YearToDate, long SinceStart)? Parse(ProgressFormValues v)
    {
        long? Read(string? text, string field)
        {
            var yuan = WanInput.Parse(text);
            if (yuan is null)
            {
                _errors[field] = [T[string.IsNullOrWhiteSpace(text) ? "Progress.Required" : "Progress.NotAWanNumber"]];
            }

            return yuan;
        }

        var (a, b, c) = (Read(v.ThisMonth, "investmentThisMonth"), Read(v.YearToDate, "investmentYearToDate"), Read(v.SinceStart, "investmentSinceStart"));
        if (a is null || b is null || c is null)
        {
            _message = T["Progress.FixFields"];
            return null;
        }

        return (a.Value, b.Value, c.Value);
    }
}
