using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Reviews;

public sealed class ReviewThreadTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_problem_named_in_one_review_is_followed_into_the_next(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var supervision = await app.LoginAsync("supervision.office");
        var reporter = await app.LoginAsync("anyue.reporter");
        var anyue = (await ReviewArrange.UnitsAsync(office, ct))["ZY-AY"];

        var first = await ReviewArrange.OpenAsync(office, 2091, $"thread-{provider}", [anyue], ct);
        var submissionId = first.Units!.Single().SubmissionId;
        var detail = (await reporter.GetFromJsonAsync<ReviewSubmissionDetail>($"/api/review-submissions/{submissionId}/detail", ct))!;
        (await reporter.PutAsJsonAsync($"/api/review-submissions/{submissionId}/sections/problems",
            new ReviewSectionInput("<p>城区雨污分流工程用地报批滞后。</p><p>园区运营仍靠财政补贴。</p>", detail.Version), ct)).EnsureSuccessStatusCode();

        // The reviewer marks the problem and turns it into a supervision item for the unit.
        var item = await Created<ReviewItemDto>(await supervision.PostAsJsonAsync($"/api/review-submissions/{submissionId}/items",
            new ReviewItemInput(ReviewItemKind.Problem, "problems", "城区雨污分流工程用地报批滞后"), ct), ct);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"/api/review-items/{item.Id}/convert",
            new ReviewConvertInput(ReviewItemTarget.SupervisionItem, item.Version, Deadline: new DateOnly(2092, 6, 30)), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervision.PostAsJsonAsync($"/api/review-items/{item.Id}/convert",
            new ReviewConvertInput(ReviewItemTarget.SupervisionItem, item.Version), ct)).StatusCode);
        var linked = await Ok<ReviewItemDto>(await supervision.PostAsJsonAsync($"/api/review-items/{item.Id}/convert",
            new ReviewConvertInput(ReviewItemTarget.SupervisionItem, item.Version, Deadline: new DateOnly(2092, 6, 30)), ct), ct);
        Assert.Equal(ReviewItemTarget.SupervisionItem, linked.Target);
        Assert.Equal(HttpStatusCode.Conflict, (await supervision.PostAsJsonAsync($"/api/review-items/{item.Id}/convert",
            new ReviewConvertInput(ReviewItemTarget.SupervisionItem, linked.Version, Deadline: new DateOnly(2092, 6, 30)), ct)).StatusCode);

        var itemId = linked.TargetId!.Value;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var created = await db.Set<SupervisionItem>().SingleAsync(i => i.Id == itemId, ct);
            Assert.Equal(anyue, created.UnitId);
            Assert.Equal("城区雨污分流工程用地报批滞后", created.Title);
            Assert.StartsWith("DB-", created.CaseNumber, StringComparison.Ordinal);
            Assert.True(await db.Set<SupervisionStep>().AnyAsync(s => s.SupervisionItemId == itemId && s.Kind == SupervisionStepKind.Assigned, ct));

            // The unit works on it through the year.
            created.Status = SupervisionStatus.InProgress;
            db.Add(new SupervisionFeedback { SupervisionItemId = itemId, UnitId = anyue, AuthorId = (await db.Set<User>().FirstAsync(u => u.UserName == "anyue.reporter", ct)).Id, Text = "用地已报省厅审批", CreatedAtUtc = new DateTime(2092, 3, 1, 0, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync(ct);
        }

        // The link holds from the target's side too.
        var origin = await reporter.GetFromJsonAsync<ReviewOrigin>($"/api/review-items/origin/SupervisionItem/{itemId}", ct);
        Assert.Equal((first.Id, 2091, item.Id), (origin!.CampaignId, origin.Year, origin.ReviewItemId));
        var itemPage = await reporter.GetStringAsync($"/supervision/{itemId}", ct);
        Assert.Contains("id=\"review-origin\"", itemPage, StringComparison.Ordinal);
        Assert.Contains($"reviews/submissions/{submissionId}", itemPage, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(item.Text), itemPage, StringComparison.Ordinal);

        // The unit itself turns a measure into a project problem; the problem records its submission.
        var measure = await Created<ReviewItemDto>(await reporter.PostAsJsonAsync($"/api/review-submissions/{submissionId}/items",
            new ReviewItemInput(ReviewItemKind.Problem, "problems", "园区运营仍靠财政补贴"), ct), ct);
        var asProblem = await Ok<ReviewItemDto>(await reporter.PostAsJsonAsync($"/api/review-items/{measure.Id}/convert",
            new ReviewConvertInput(ReviewItemTarget.Problem, measure.Version, ProblemKind: ProblemKind.Funds), ct), ct);
        var problem = await reporter.GetFromJsonAsync<ProblemDto>($"/api/problems/{asProblem.TargetId}", ct);
        Assert.Equal(ProblemKind.Funds, problem!.Kind);
        Assert.Equal(measure.Id, (await reporter.GetFromJsonAsync<ReviewOrigin>($"/api/review-items/origin/Problem/{problem.Id}", ct))!.ReviewItemId);
        Assert.Contains("id=\"review-origin\"", await reporter.GetStringAsync($"/problems/{problem.Id}", ct), StringComparison.Ordinal);
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            Assert.Equal(submissionId, (await db.Set<Problem>().SingleAsync(p => p.Id == problem.Id, ct)).ReviewSubmissionId);
        }

        // The office turns an idea into a goal of an existing plan year.
        int planYear;
        using (var scope = app.SystemScope())
        {
            planYear = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<PlanYear>().Where(y => y.Year == 2024).Select(y => y.Id).SingleAsync(ct);
        }

        var idea = await Created<ReviewItemDto>(await office.PostAsJsonAsync($"/api/review-submissions/{submissionId}/items",
            new ReviewItemInput(ReviewItemKind.Measure, null, "园区运营实现投入产出自平衡"), ct), ct);
        var asGoal = await Ok<ReviewItemDto>(await office.PostAsJsonAsync($"/api/review-items/{idea.Id}/convert",
            new ReviewConvertInput(ReviewItemTarget.Goal, idea.Version, PlanYearId: planYear), ct), ct);
        Assert.Equal(ReviewItemTarget.Goal, asGoal.Target);

        // A year later the unit's new submission shows what became of each item.
        var next = await ReviewArrange.OpenAsync(office, 2092, $"thread-next-{provider}", [anyue], ct);
        var outcomes = (await reporter.GetFromJsonAsync<List<ReviewItemDto>>($"/api/review-submissions/{next.Units!.Single().SubmissionId}/previous-outcomes", ct))!;
        var followed = outcomes!.Single(o => o.Id == item.Id);
        Assert.Equal("InProgress", followed.Outcome!.Status);
        Assert.Equal("用地已报省厅审批", followed.Outcome.Latest);
        Assert.Equal("Open", outcomes.Single(o => o.Id == measure.Id).Outcome!.Status);
        Assert.Equal("园区运营实现投入产出自平衡", outcomes.Single(o => o.Id == idea.Id).Outcome!.Title);
        // The first campaign's own submission has no "last year" of its own in these tests' years.
        Assert.DoesNotContain(await reporter.GetFromJsonAsync<List<ReviewItemDto>>($"/api/review-submissions/{submissionId}/previous-outcomes", ct) ?? [], o => o.Id == item.Id);
    }

    /// <summary>
    /// An indicator made from a review item shows its own unit's latest counting value (the whole,
    /// against the annual target): not a later share of another unit, and not an older period while a
    /// correction of the latest one waits for acceptance.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_indicators_latest_figure_is_its_own_units_value_not_another_units_later_share(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var reporter = await app.LoginAsync("anyue.reporter");
        var units = await ReviewArrange.UnitsAsync(office, ct);
        var (anyue, lezhi) = (units["ZY-AY"], units["ZY-LZ"]);
        var plan = await Blueprint.Tests.Indicators.IndicatorArrange.PlanYearAsync(app);
        var campaign = await ReviewArrange.OpenAsync(office, 2091, $"latest-{provider}-{Guid.NewGuid():N}"[..24], [anyue], ct);
        var submissionId = campaign.Units!.Single().SubmissionId;
        var item = await Created<ReviewItemDto>(await office.PostAsJsonAsync($"/api/review-submissions/{submissionId}/items",
            new ReviewItemInput(ReviewItemKind.Measure, null, "全县规上工业增加值稳步增长"), ct), ct);
        var linked = await Ok<ReviewItemDto>(await office.PostAsJsonAsync($"/api/review-items/{item.Id}/convert",
            new ReviewConvertInput(ReviewItemTarget.Indicator, item.Version, PlanYearId: plan.Id, Measure: "亿元", AnnualTarget: 100m), ct), ct);
        var indicatorId = linked.TargetId!.Value;

        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var accepted = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);
            IndicatorValue Value(int unitId, int period, decimal value, bool current = true, SubmissionStatus status = SubmissionStatus.Accepted) => new()
            {
                IndicatorId = indicatorId,
                UnitId = unitId,
                Year = plan.Year,
                Period = period,
                Value = value,
                Status = status,
                IsCurrent = current,
                RecordedAtUtc = accepted.AddDays(period),
                AcceptedAtUtc = status == SubmissionStatus.Accepted ? accepted.AddDays(period) : null,
            };
            db.Add(new IndicatorTarget { IndicatorId = indicatorId, UnitId = lezhi, Period = 0, Target = 40m });
            // 安岳's own values of March and April; April's correction is submitted, not yet accepted.
            var april = Value(anyue, 4, 40m, current: false);
            db.AddRange(Value(anyue, 3, 30m), april);
            await db.SaveChangesAsync(ct);
            var correction = Value(anyue, 4, 44m, status: SubmissionStatus.Submitted);
            correction.SupersedesId = april.Id;
            db.Add(correction);
            // 乐至's share, of a later month: its own figure, not the indicator's.
            db.Add(Value(lezhi, 6, 999m));
            await db.SaveChangesAsync(ct);
        }

        var outcome = Assert.Single((await reporter.GetFromJsonAsync<List<ReviewItemDto>>($"/api/review-submissions/{submissionId}/items", ct))!,
            i => i.Id == item.Id).Outcome!;
        Assert.Equal($"40 亿元 / 100 亿元 ({plan.Year}-04)", outcome.Latest);
        var page = await reporter.GetStringAsync($"/reviews/submissions/{submissionId}", ct);
        Assert.Contains($"40 亿元 / 100 亿元 ({plan.Year}-04)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("999 亿元", page, StringComparison.Ordinal);
    }

    private static async Task<T> Created<T>(HttpResponseMessage response, CancellationToken ct)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }

    private static async Task<T> Ok<T>(HttpResponseMessage response, CancellationToken ct)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }
}
