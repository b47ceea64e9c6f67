using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reviews;

public sealed record ReviewItemInput(ReviewItemKind Kind, string? SectionKey, string? Text);

/// <summary>
/// What a review item becomes. Only the fields of the chosen target are read; titles default
/// to the item's text and the unit to the submitting unit.
/// </summary>
/// A goal or an indicator goes into a plan year named by <see cref="PlanYearId"/> or by its
/// <see cref="Year"/> (the project office may name a year that has no plan yet: it is created).
public sealed record ReviewConvertInput(
    ReviewItemTarget Target, int Version, string? Title = null, int? UnitId = null, DateOnly? Deadline = null,
    int? PlanYearId = null, int? GoalId = null, string? Measure = null, decimal? AnnualTarget = null,
    FeedbackCadence Cadence = FeedbackCadence.Monthly, ProblemKind ProblemKind = ProblemKind.Other, int? Year = null);

/// <summary>
/// The thread from review to result: marking a problem or measure in a submission, and turning
/// it into a goal, an indicator, a supervision item (through SupervisionAssignment, the one way
/// items are created) or a project problem. The target is created in the same transaction as
/// the link, so there is never a target without its origin or a link without its target.
/// </summary>
public sealed class ReviewThread(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    private CurrentUser User => db.CurrentUser;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The unit (its writers) or a reviewer marks a passage of the submission.</summary>
    public async Task<StepOutcome<ReviewItem>> MarkAsync(int submissionId, ReviewItemInput input, CancellationToken ct)
    {
        var submission = await db.Set<ReviewSubmission>().Include(s => s.Sections).SingleOrDefaultAsync(s => s.Id == submissionId, ct);
        if (submission is null)
        {
            return Refusal.NotFound;
        }

        if (!User.IsWriter() && !User.IsReviewer())
        {
            return Refusal.Forbidden("Reviews.CannotMark");
        }

        var text = input.Text?.Trim() ?? "";
        var check = new Validation(t)
            .Require(text.Length is > 0 and <= 2000, "text", "Reviews.ItemTextRequired")
            .Require(Enum.IsDefined(input.Kind), "kind", "Reviews.ItemKindInvalid")
            .Require(string.IsNullOrEmpty(input.SectionKey) || submission.Sections.Any(s => s.Key == input.SectionKey), "sectionKey", "Reviews.UnknownSection");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var item = new ReviewItem
        {
            ReviewSubmissionId = submission.Id,
            UnitId = submission.UnitId,
            Kind = input.Kind,
            SectionKey = string.IsNullOrEmpty(input.SectionKey) ? DefaultSection(input.Kind, submission) : input.SectionKey,
            Text = text,
            CreatedById = User.UserId,
            CreatedAtUtc = Now,
        };
        db.Add(item);
        await db.SaveChangesAsync(ct);
        return item;
    }

    public async Task<StepOutcome<ReviewItem>> DeleteAsync(int id, int version, CancellationToken ct)
    {
        var item = await db.Set<ReviewItem>().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return Refusal.NotFound;
        }

        if (!User.IsWriter() && !User.IsReviewer())
        {
            return Refusal.Forbidden("Reviews.CannotMark");
        }

        // Once it has a target the item is the target's origin: it stays.
        if (item.Target != ReviewItemTarget.None)
        {
            return Refusal.Conflict("Reviews.ItemLinked");
        }

        db.ExpectVersion(item, version);
        db.Remove(item);
        await db.SaveChangesAsync(ct);
        return item;
    }

    /// <summary>
    /// The plan year a goal or indicator goes into: by id, or by year; a year without a plan is
    /// created (added, saved with the conversion) when the project office converts.
    /// </summary>
    private async Task<PlanYear?> PlanYearAsync(ReviewConvertInput input, CancellationToken ct)
    {
        if (input.PlanYearId is { } id)
        {
            return await db.Set<PlanYear>().SingleOrDefaultAsync(y => y.Id == id, ct);
        }

        if (input.Year is not { } year || year is < 2000 or > 2100)
        {
            return null;
        }

        var existing = await db.Set<PlanYear>().SingleOrDefaultAsync(y => y.Year == year, ct);
        if (existing is not null || !User.IsInRole(Roles.ProjectOffice))
        {
            return existing;
        }

        return db.Add(new PlanYear { Year = year, Title = t["Reviews.NewPlanYearTitle", year].Value }).Entity;
    }

    /// <summary>Without a section chosen, a problem belongs to 存在的主要问题 and a measure to 主要措施, when the template has them.</summary>
    private static string? DefaultSection(ReviewItemKind kind, ReviewSubmission submission)
    {
        var key = kind == ReviewItemKind.Measure ? "measures" : "problems";
        return submission.Sections.Any(s => s.Key == key) ? key : null;
    }

    public async Task<StepOutcome<ReviewItem>> ConvertAsync(int id, ReviewConvertInput input, CancellationToken ct)
    {
        var item = await db.Set<ReviewItem>().Include(i => i.Submission).ThenInclude(s => s!.Campaign).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return Refusal.NotFound;
        }

        // Goals, indicators and supervision items are the city's to set; a project problem the unit may raise itself.
        var allowed = input.Target == ReviewItemTarget.Problem ? Roles.Of(Roles.ProblemEditors).Any(User.IsInRole) : User.IsReviewer();
        if (!allowed)
        {
            return Refusal.Forbidden("Reviews.CannotConvert");
        }

        if (item.Target != ReviewItemTarget.None)
        {
            return Refusal.Conflict("Reviews.ItemLinked");
        }

        var title = string.IsNullOrWhiteSpace(input.Title) ? item.Text : input.Title.Trim();
        title = title.Length <= 300 ? title : title[..300];
        var unitId = input.UnitId ?? item.UnitId;
        var check = new Validation(t)
            .Require(input.Target != ReviewItemTarget.None && Enum.IsDefined(input.Target), "target", "Reviews.TargetRequired")
            .Require(await db.Set<Units.Unit>().AnyAsync(u => u.Id == unitId, ct), "unitId", "Reviews.UnitsRequired");
        PlanYear? planYear = null;
        if (input.Target is ReviewItemTarget.Goal or ReviewItemTarget.Indicator)
        {
            planYear = await PlanYearAsync(input, ct);
            check.Require(planYear is not null, input.PlanYearId is null && input.Year is not null ? "year" : "planYearId", "Reviews.PlanYearRequired");
        }

        if (input.GoalId is { } goalId && input.Target is ReviewItemTarget.Indicator or ReviewItemTarget.SupervisionItem)
        {
            // A goal of the plan year the indicator goes into (any year for a supervision item).
            var goalYear = await db.Set<Goal>().Where(g => g.Id == goalId).Select(g => (int?)g.PlanYearId).FirstOrDefaultAsync(ct);
            check.Require(goalYear is not null && (input.Target != ReviewItemTarget.Indicator || planYear is null || goalYear == planYear.Id),
                "goalId", "Reviews.GoalOfPlanYear");
        }

        if (input.Target == ReviewItemTarget.Indicator)
        {
            check.Require(input.Measure?.Trim() is { Length: > 0 and <= 20 }, "measure", "Reviews.MeasureRequired")
                .Require(input.AnnualTarget is not null, "annualTarget", "Reviews.AnnualTargetRequired");
        }

        if (input.Target == ReviewItemTarget.SupervisionItem)
        {
            check.Require(input.Deadline is not null, "deadline", "Reviews.DeadlineRequired");
        }

        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        db.ExpectVersion(item, input.Version);
        var basis = t["Reviews.ItemBasis", item.Submission!.Campaign!.Title, item.Text].Value;
        switch (input.Target)
        {
            case ReviewItemTarget.Goal:
                var goal = new Goal { PlanYear = planYear, Title = title, Description = basis, UnitId = unitId };
                db.Add(goal);
                item.Goal = goal;
                break;
            case ReviewItemTarget.Indicator:
                var indicator = new Indicator
                {
                    PlanYear = planYear,
                    GoalId = input.GoalId,
                    Name = title.Length <= 200 ? title : title[..200],
                    Measure = input.Measure!.Trim(),
                    AnnualTarget = input.AnnualTarget!.Value,
                    UnitId = unitId,
                };
                db.Add(indicator);
                item.Indicator = indicator;
                break;
            case ReviewItemTarget.SupervisionItem:
                item.SupervisionItem = await SupervisionAssignment.AssignAsync(db, new SupervisionItem
                {
                    CaseNumber = "",
                    Title = title,
                    // The review feeds the 务虚会; its problems are listed and supervised as the meeting decides.
                    Source = SupervisionSource.MeetingDecision,
                    Basis = basis.Length <= 4000 ? basis : basis[..4000],
                    UnitId = unitId,
                    Deadline = input.Deadline!.Value,
                    OriginalDeadline = input.Deadline,
                    Cadence = input.Cadence,
                    GoalId = input.GoalId,
                }, User.UserId, Now, t, ct);
                break;
            case ReviewItemTarget.Problem:
                var problem = new Problem
                {
                    Title = title,
                    Description = basis.Length <= 4000 ? basis : basis[..4000],
                    Kind = input.ProblemKind,
                    UnitId = unitId,
                    ReviewSubmissionId = item.ReviewSubmissionId,
                    Deadline = input.Deadline,
                    CreatedAtUtc = Now,
                    RaisedById = User.UserId,
                };
                db.Add(problem);
                item.Problem = problem;
                break;
        }

        item.Target = input.Target;
        item.LinkedAtUtc = Now;
        if (item.Problem is { } raised)
        {
            await new StepNotices(db, t, clock).SaveRaisedAsync(raised, ct);
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }

        return item;
    }
}
