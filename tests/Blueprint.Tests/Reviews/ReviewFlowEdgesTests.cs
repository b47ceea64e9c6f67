using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Reviews;

/// <summary>
/// The yearly review's rough edges (issue 19, item 3): headings name the campaign's own years, a
/// marked measure lands in 主要措施, a measure for next year becomes next year's indicator (the plan
/// year is created by the project office), goal pickers keep to the plan year, and every link goes to
/// the exact record — the unit's notice to its submission, an outcome to the indicator's page, a goal
/// back to where it came from. A private app per provider: it creates plan year 2028 and a 2027 campaign.
/// </summary>
public sealed class ReviewFlowEdgesTests
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_2027_review_reads_2027_and_2028_and_its_measure_becomes_a_2028_indicator(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var supervision = await app.LoginAsync("supervision.office");
        var reporter = await app.LoginAsync("anyue.reporter");
        var anyue = (await ReviewArrange.UnitsAsync(office, ct))["ZY-AY"];

        var template = await (await office.PostAsJsonAsync("/api/review-templates", new TemplateInput("年度模板",
        [
            new("results", $"{ReviewHeadings.Year}年主要成绩", null),
            new("problems", "存在的主要问题", null),
            new("ideas", $"{ReviewHeadings.NextYear}年工作思路", null),
            new("measures", "主要措施", null),
        ]), ct)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ReviewTemplateDto>(ct);
        var campaign = await (await office.PostAsJsonAsync("/api/review-campaigns",
            new CampaignInput(2027, "2027年务虚会", template!.Id, new DateOnly(2027, 11, 30), null, [anyue]), ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ReviewCampaignDto>(ct);
        var submissionId = (await office.GetFromJsonAsync<ReviewCampaignDto>($"/api/review-campaigns/{campaign!.Id}", ct))!.Units!.Single().SubmissionId;

        // Headings from the campaign's year, not the year the template was written in.
        var detail = (await reporter.GetFromJsonAsync<ReviewSubmissionDetail>($"/api/review-submissions/{submissionId}/detail", ct))!;
        Assert.Equal(["2027年主要成绩", "存在的主要问题", "2028年工作思路", "主要措施"], detail.Sections.Select(s => s.Title));
        var page = await reporter.GetStringAsync($"/reviews/submissions/{submissionId}", ct);
        Assert.Contains("2028年工作思路", page, StringComparison.Ordinal);
        Assert.DoesNotContain("{下年}", page, StringComparison.Ordinal);

        // The unit's notice opens its own submission.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var links = await db.Set<Notification>().Where(n => n.User!.UserName == "anyue.reporter" && n.Link != null && n.Link.StartsWith("/reviews"))
                .Select(n => n.Link).ToListAsync(ct);
            Assert.Contains($"/reviews/submissions/{submissionId}", links);
            Assert.DoesNotContain("/reviews", links);
        }

        // Marked without a section: a measure goes to 主要措施, a problem to 存在的主要问题.
        var measure = await ReadAsync<ReviewItemDto>(await reporter.PostAsJsonAsync($"/api/review-submissions/{submissionId}/items",
            new ReviewItemInput(ReviewItemKind.Measure, null, "2028年新建5G基站300个"), ct), HttpStatusCode.Created, ct);
        var problem = await ReadAsync<ReviewItemDto>(await reporter.PostAsJsonAsync($"/api/review-submissions/{submissionId}/items",
            new ReviewItemInput(ReviewItemKind.Problem, "", "乡镇基站选址难"), ct), HttpStatusCode.Created, ct);
        Assert.Equal(("measures", "problems"), (measure.SectionKey, problem.SectionKey));

        // A goal of another plan year is refused for a 2028 indicator; a reviewer who may not create
        // plan years cannot name a year that has none.
        int demoGoal;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            Assert.False(await db.Set<PlanYear>().AnyAsync(y => y.Year == 2028, ct));
            demoGoal = await db.Set<Goal>().Where(g => g.PlanYear!.Year == 2024).Select(g => g.Id).FirstAsync(ct);
        }

        var wrongGoal = await office.PostAsJsonAsync($"/api/review-items/{measure.Id}/convert", new ReviewConvertInput(
            ReviewItemTarget.Indicator, measure.Version, Measure: "个", AnnualTarget: 300, Year: 2028, GoalId: demoGoal), ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongGoal.StatusCode);
        Assert.Contains("goalId", await wrongGoal.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var noPlan = await supervision.PostAsJsonAsync($"/api/review-items/{problem.Id}/convert", new ReviewConvertInput(
            ReviewItemTarget.Goal, problem.Version, Year: 2029), ct);
        Assert.Equal(HttpStatusCode.BadRequest, noPlan.StatusCode);
        Assert.Contains("year", await noPlan.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // The project office turns the measure into a 2028 indicator: plan year 2028 is created with it.
        var asIndicator = await ReadAsync<ReviewItemDto>(await office.PostAsJsonAsync($"/api/review-items/{measure.Id}/convert", new ReviewConvertInput(
            ReviewItemTarget.Indicator, measure.Version, Measure: "个", AnnualTarget: 300, Year: 2028), ct), HttpStatusCode.OK, ct);
        var asGoal = await ReadAsync<ReviewItemDto>(await office.PostAsJsonAsync($"/api/review-items/{problem.Id}/convert", new ReviewConvertInput(
            ReviewItemTarget.Goal, problem.Version, Title: "破解基站选址难", Year: 2028), ct), HttpStatusCode.OK, ct);
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var indicator = await db.Set<Indicator>().Include(i => i.PlanYear).SingleAsync(i => i.Id == asIndicator.TargetId, ct);
            Assert.Equal((2028, "个", 300m), (indicator.PlanYear!.Year, indicator.Measure, indicator.AnnualTarget));
            Assert.Equal(1, await db.Set<PlanYear>().CountAsync(y => y.Year == 2028, ct));
            Assert.Equal(2028, (await db.Set<Goal>().Include(g => g.PlanYear).SingleAsync(g => g.Id == asGoal.TargetId, ct)).PlanYear!.Year);
        }

        // Outcomes link to the exact record.
        var items = (await office.GetFromJsonAsync<List<ReviewItemDto>>($"/api/review-submissions/{submissionId}/items", ct))!;
        Assert.Equal($"/goals/indicators/{asIndicator.TargetId}", items.Single(i => i.Id == measure.Id).Outcome!.Link);
        Assert.Equal($"/goals?year=2028#goal-{asGoal.TargetId}", items.Single(i => i.Id == problem.Id).Outcome!.Link);

        // The goal shows where it came from, on the plan year's page and on its own indicator list.
        var goals = await office.GetStringAsync("/goals?year=2028", ct);
        Assert.Contains($"id=\"goal-{asGoal.TargetId}\"", goals, StringComparison.Ordinal);
        Assert.Contains("class=\"goal-origin", goals, StringComparison.Ordinal);
        Assert.Contains($"reviews/submissions/{submissionId}", goals, StringComparison.Ordinal);
        var goalIndicators = await office.GetStringAsync($"/goals/indicators?year=2028&goalId={asGoal.TargetId}", ct);
        Assert.Contains("id=\"review-origin\"", goalIndicators, StringComparison.Ordinal);

        // The conversion page offers one form per kind, 2028 chosen by default for goals and indicators.
        var second = await ReadAsync<ReviewItemDto>(await reporter.PostAsJsonAsync($"/api/review-submissions/{submissionId}/items",
            new ReviewItemInput(ReviewItemKind.Measure, null, "推进智慧城市建设"), ct), HttpStatusCode.Created, ct);
        var officePage = await office.GetStringAsync($"/reviews/submissions/{submissionId}", ct);
        Assert.Contains($"id=\"convert-{second.Id}\"", officePage, StringComparison.Ordinal);
        Assert.Contains("data-convert=\"Indicator\"", officePage, StringComparison.Ordinal);
        Assert.Contains("data-convert=\"Goal\"", officePage, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2028\" selected", officePage, StringComparison.Ordinal);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected, CancellationToken ct)
    {
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }
}
