using System.Security.Claims;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Blueprint.Tests.Workflow;

/// <summary>The to-do's pure rules: whose step it is, when a value is due, what a supervision item asks, how lateness reads.</summary>
public sealed class ToDoRulesTests
{
    private static CurrentUser As(params string[] roles) =>
        new CurrentUser(new HttpContextAccessor()).ActAs(new ClaimsPrincipal(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)), "test")));

    public static TheoryData<string, ToDoStep?, SubmissionStatus[]> ProgressDuties => new()
    {
        { Roles.UnitReporter, ToDoStep.Fill, [SubmissionStatus.Draft, SubmissionStatus.Returned] },
        // The leader may fill too, but the to-do lists only the last step their roles allow.
        { Roles.UnitLeader, ToDoStep.Approve, [SubmissionStatus.Submitted] },
        { Roles.ProjectOffice, ToDoStep.Accept, [SubmissionStatus.Approved] },
        { Roles.SupervisionOffice, null, [] },
        { Roles.Leader, null, [] },
        { Roles.SystemAdmin, null, [] },
    };

    [Theory]
    [MemberData(nameof(ProgressDuties))]
    public void A_monthly_report_waits_for_the_reporter_then_the_leader_then_the_office(string role, ToDoStep? step, SubmissionStatus[] statuses)
    {
        var duty = ToDoRules.Duty(SubmissionKind.Progress, As(role));

        Assert.Equal(step, duty?.Step);
        Assert.Equal(statuses, duty?.Statuses ?? []);
    }

    [Fact]
    public void A_review_is_written_by_the_unit_approved_by_its_leader_and_reviewed_by_either_office()
    {
        Assert.Equal(ToDoStep.Fill, ToDoRules.Duty(SubmissionKind.Review, As(Roles.UnitReporter))?.Step);
        Assert.Equal(ToDoStep.Approve, ToDoRules.Duty(SubmissionKind.Review, As(Roles.UnitLeader))?.Step);
        Assert.Equal(ToDoStep.Accept, ToDoRules.Duty(SubmissionKind.Review, As(Roles.SupervisionOffice))?.Step);
        Assert.Equal(ToDoStep.Accept, ToDoRules.Duty(SubmissionKind.Review, As(Roles.ProjectOffice))?.Step);
    }

    [Theory]
    [InlineData(ScheduleProfile.Monthly, 1, "2046-02-28")]
    [InlineData(ScheduleProfile.Monthly, 11, "2046-12-31")]
    [InlineData(ScheduleProfile.Monthly, 12, "2047-01-31")]
    [InlineData(ScheduleProfile.Quarterly, 1, "2046-04-30")]
    [InlineData(ScheduleProfile.Quarterly, 4, "2047-01-31")]
    [InlineData(ScheduleProfile.AnnualOnly, 1, "2047-01-31")]
    public void An_indicator_value_is_due_by_the_end_of_the_month_after_its_period(ScheduleProfile profile, int period, string due) =>
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), ToDoRules.IndicatorValueDue(2046, profile, period));

    [Fact]
    public void A_period_is_owed_from_the_day_after_its_last_day()
    {
        Assert.False(ToDoRules.PeriodEnded(2046, ScheduleProfile.Quarterly, 1, new DateOnly(2046, 3, 31)));
        Assert.True(ToDoRules.PeriodEnded(2046, ScheduleProfile.Quarterly, 1, new DateOnly(2046, 4, 1)));
        Assert.False(ToDoRules.PeriodEnded(2046, ScheduleProfile.AnnualOnly, 1, new DateOnly(2046, 12, 31)));
        Assert.True(ToDoRules.PeriodEnded(2046, ScheduleProfile.AnnualOnly, 1, new DateOnly(2047, 1, 1)));
    }

    public static TheoryData<SupervisionStatus, SupervisionActor, bool, ToDoStep?> SupervisionSteps => new()
    {
        { SupervisionStatus.Assigned, SupervisionActor.Lead, false, ToDoStep.Sign },
        { SupervisionStatus.Assigned, SupervisionActor.Cooperating, false, null },
        { SupervisionStatus.Assigned, SupervisionActor.Office, false, null },
        { SupervisionStatus.InProgress, SupervisionActor.Lead, false, ToDoStep.Feedback },
        { SupervisionStatus.InProgress, SupervisionActor.Lead, true, ToDoStep.Feedback },
        { SupervisionStatus.Accepted, SupervisionActor.Cooperating, false, ToDoStep.Feedback },
        { SupervisionStatus.InProgress, SupervisionActor.Office, false, null },
        { SupervisionStatus.InProgress, SupervisionActor.Office, true, ToDoStep.Extension },
        { SupervisionStatus.ClosureRequested, SupervisionActor.Office, true, ToDoStep.Closure },
        { SupervisionStatus.ClosureRequested, SupervisionActor.Lead, false, null },
        { SupervisionStatus.PushedBack, SupervisionActor.Office, false, ToDoStep.PushBack },
        { SupervisionStatus.Closed, SupervisionActor.Office, true, null },
        { SupervisionStatus.InProgress, SupervisionActor.Viewer, true, null },
    };

    [Theory]
    [MemberData(nameof(SupervisionSteps))]
    public void A_supervision_item_asks_of_each_actor_what_the_flow_allows(SupervisionStatus status, SupervisionActor actor, bool pending, ToDoStep? step) =>
        Assert.Equal(step, ToDoRules.SupervisionStep(status, actor, pending));

    [Fact]
    public void Feedback_is_due_on_the_missed_date_else_the_next_one_else_the_deadline()
    {
        var start = new DateOnly(2046, 1, 15);
        var deadline = new DateOnly(2046, 6, 30);

        // 15 February passed without a feedback: late since then.
        Assert.Equal(new DateOnly(2046, 2, 15), ToDoRules.FeedbackDue(start, deadline, FeedbackCadence.Monthly, [], new DateOnly(2046, 3, 1)));
        // Answered on 10 February: the next one is 15 March.
        Assert.Equal(new DateOnly(2046, 3, 15), ToDoRules.FeedbackDue(start, deadline, FeedbackCadence.Monthly, [new DateOnly(2046, 2, 10)], new DateOnly(2046, 3, 1)));
        // Once: the deadline itself.
        Assert.Equal(deadline, ToDoRules.FeedbackDue(start, deadline, FeedbackCadence.Once, [], new DateOnly(2046, 3, 1)));
    }

    [Fact]
    public void The_most_urgent_come_first_and_those_without_a_deadline_last()
    {
        ToDoEntry E(string title, DateOnly? due) => new(ToDoKind.Problem, ToDoStep.Answer, title, null, "/", due, null);
        var entries = new[] { E("later", new DateOnly(2046, 5, 1)), E("none", null), E("late", new DateOnly(2001, 1, 1)), E("soon", new DateOnly(2046, 4, 1)) };

        Assert.Equal(["late", "soon", "later", "none"], ToDoRules.Urgent(entries).Select(e => e.Title));
    }

    [Theory]
    [InlineData(3, "tag-red")]
    [InlineData(0, "tag-yellow")]
    [InlineData(-3, "tag-yellow")]
    [InlineData(-4, "tag-neutral")]
    public void Late_is_red_and_the_last_three_days_are_yellow(int daysLate, string tag) =>
        Assert.Equal(tag, ToDoRules.DueTag(daysLate));
}
