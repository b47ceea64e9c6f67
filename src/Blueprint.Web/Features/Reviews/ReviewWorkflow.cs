using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reviews;

public sealed record ReviewSectionInput(string? Html, int Version);

public sealed record ReviewSectionsInput(Dictionary<string, string?> Sections, int Version);

public sealed record ReviewReturnInput(int Version, string? Comment, string? SectionKey);

public sealed record ReviewCommentInput(string? Text, string? SectionKey);

/// <summary>
/// One unit's submission through the one approval path (Data/SubmissionStatus): the unit writes
/// its sections (autosaved) and submits; the unit leader approves; an office reviewer accepts
/// or returns it with a comment; a returned submission is edited and submitted again. Nobody
/// approves or accepts what they submitted, and the approver does not also accept. Writing
/// needs the campaign open; the text is sanitised here, whatever the client sent.
/// </summary>
public sealed class ReviewWorkflow(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    private static readonly SubmissionKind Kind = SubmissionKind.Review;

    private readonly SubmissionSteps _steps = new(db, t, clock);

    private CurrentUser User => db.CurrentUser;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<StepOutcome<ReviewSubmission>> SaveSectionAsync(int id, string key, ReviewSectionInput input, CancellationToken ct) =>
        await SaveAsync(id, new ReviewSectionsInput(new() { [key] = input.Html }, input.Version), ct);

    /// <summary>Saves the given sections (all of them from the page, one from autosave).</summary>
    public async Task<StepOutcome<ReviewSubmission>> SaveAsync(int id, ReviewSectionsInput input, CancellationToken ct)
    {
        var (submission, refused) = await EditableAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        var check = new Validation(t);
        var clean = new Dictionary<string, string>();
        foreach (var (key, html) in input.Sections)
        {
            var section = submission!.Sections.FirstOrDefault(s => s.Key == key);
            check.Require(section is not null, key, "Reviews.UnknownSection");
            var safe = ReviewHtml.Sanitize(html);
            check.Require(safe.Length <= ReviewHtml.MaxLength, key, "Reviews.SectionTooLong");
            clean[key] = safe;
        }

        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        db.ExpectVersion(submission!, input.Version);
        foreach (var (key, html) in clean)
        {
            submission!.Sections.Single(s => s.Key == key).Html = html;
        }

        // Touching the submission raises its version even when only a section changed, so two
        // editors (or two tabs autosaving) cannot overwrite each other unseen.
        submission!.UpdatedAtUtc = Now;
        await db.SaveChangesAsync(ct);
        return submission;
    }

    public async Task<StepOutcome<ReviewSubmission>> SubmitAsync(int id, int version, CancellationToken ct) =>
        await _steps.RunAsync(Kind, await FindAsync(id, ct), SubmissionAction.Submit, version, SubjectAsync, ct,
            check: s => Task.FromResult(
                s.Campaign!.Status != CampaignStatus.Open ? Refusal.Conflict("Reviews.CampaignNotOpen")
                : s.Sections.All(x => ReviewHtml.IsBlank(x.Html)) ? Refusal.Invalid(new Validation(t).Require(false, "sections", "Reviews.NothingWritten").Errors)
                : null),
            also: s => s.SubmittedAtUtc = Now);

    public async Task<StepOutcome<ReviewSubmission>> ApproveAsync(int id, int version, CancellationToken ct) =>
        await _steps.RunAsync(Kind, await FindAsync(id, ct), SubmissionAction.Approve, version, SubjectAsync, ct);

    public async Task<StepOutcome<ReviewSubmission>> AcceptAsync(int id, int version, CancellationToken ct) =>
        await _steps.RunAsync(Kind, await FindAsync(id, ct), SubmissionAction.Accept, version, SubjectAsync, ct);

    /// <summary>The unit leader returns what waits for them; a reviewer also what the leader approved. The comment is kept, on its section.</summary>
    public async Task<StepOutcome<ReviewSubmission>> ReturnAsync(int id, ReviewReturnInput input, CancellationToken ct) =>
        await _steps.RunAsync(Kind, await FindAsync(id, ct), SubmissionAction.Return, input.Version, SubjectAsync, ct,
            check: s => Task.FromResult(ValidateComment(input.Comment, input.SectionKey, s).Check is { IsValid: false } bad ? Refusal.Invalid(bad.Errors) : null),
            comment: input.Comment,
            also: s => db.Add(NewComment(s, input.Comment!.Trim(), input.SectionKey)));

    /// <summary>A reviewer's or leader's remark on one section (or the whole submission), at any status.</summary>
    public async Task<StepOutcome<ReviewComment>> CommentAsync(int id, ReviewCommentInput input, CancellationToken ct)
    {
        var submission = await FindAsync(id, ct);
        if (submission is null)
        {
            return Refusal.NotFound;
        }

        if (!User.IsCommenter() && !User.IsInRole(Roles.UnitLeader))
        {
            return Refusal.Forbidden("Reviews.CannotComment");
        }

        var (text, check) = ValidateComment(input.Text, input.SectionKey, submission);
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var comment = NewComment(submission, text, input.SectionKey);
        db.Add(comment);
        await db.SaveChangesAsync(ct);
        return comment;
    }

    /// <summary>The submission with its sections and campaign, through the scope filter (another unit's is "not found").</summary>
    public Task<ReviewSubmission?> FindAsync(int id, CancellationToken ct) =>
        db.Set<ReviewSubmission>().Include(s => s.Sections).Include(s => s.Campaign)
            .SingleOrDefaultAsync(s => s.Id == id, ct);

    private async Task<(ReviewSubmission?, Refusal?)> EditableAsync(int id, CancellationToken ct)
    {
        var submission = await FindAsync(id, ct);
        if (submission is null)
        {
            return (null, Refusal.NotFound);
        }

        if (!Kind.CapacityOf(User).HasFlag(SubmissionCapacity.Fill))
        {
            return (null, Refusal.Forbidden(Kind.Texts.CannotFill));
        }

        if (submission.Campaign!.Status != CampaignStatus.Open)
        {
            return (null, Refusal.Conflict("Reviews.CampaignNotOpen"));
        }

        return _steps.Refuse(Kind, submission, SubmissionAction.Edit) is { } refused ? (null, refused) : (submission, null);
    }

    /// <summary>How an inbox names the submission: the campaign and the unit.</summary>
    private async Task<NoticeSubject> SubjectAsync(ReviewSubmission submission, CancellationToken ct)
    {
        var unit = await db.Set<Unit>().Where(u => u.Id == submission.UnitId).Select(u => u.Name).SingleAsync(ct);
        return new(t["Reviews.NoticeSubject", submission.Campaign!.Title, unit], $"/reviews/submissions/{submission.Id}");
    }

    private (string Text, Validation Check) ValidateComment(string? text, string? sectionKey, ReviewSubmission submission)
    {
        var trimmed = text?.Trim() ?? "";
        var check = new Validation(t)
            .Require(trimmed.Length is > 0 and <= 4000, "comment", "Reviews.CommentRequired")
            .Require(sectionKey is null || submission.Sections.Any(s => s.Key == sectionKey), "sectionKey", "Reviews.UnknownSection");
        return (trimmed, check);
    }

    private ReviewComment NewComment(ReviewSubmission submission, string text, string? sectionKey) => new()
    {
        ReviewSubmissionId = submission.Id,
        UnitId = submission.UnitId,
        AuthorId = User.UserId ?? 0,
        SectionKey = string.IsNullOrEmpty(sectionKey) ? null : sectionKey,
        Text = text,
        CreatedAtUtc = Now,
    };
}
