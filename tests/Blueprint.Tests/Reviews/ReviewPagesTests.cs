using System.Net;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Reviews;

/// <summary>The review, meeting and milestone pages render the demo city's records server-side.</summary>
public sealed class ReviewPagesTests(Apps apps)
{
    [Fact]
    public async Task The_pages_show_the_demo_review_meeting_and_timeline()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        int campaignId, submissionId, meetingId;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            campaignId = await db.Set<ReviewCampaign>().Where(c => c.Year == 2023).Select(c => c.Id).FirstAsync(ct);
            submissionId = await db.Set<ReviewSubmission>().Where(s => s.ReviewCampaignId == campaignId && s.Unit!.Code == "ZY-AY").Select(s => s.Id).SingleAsync(ct);
            meetingId = await db.Set<Meeting>().Where(m => m.Date == new DateOnly(2023, 12, 4)).Select(m => m.Id).FirstAsync(ct);
        }

        var office = await app.LoginAsync("supervision.office");
        await Contains(office, "/reviews", "2023年市委工作务虚会", ct);
        await Contains(office, $"/reviews/campaigns/{campaignId}", "安岳县", ct);
        await Contains(office, $"/reviews/submissions/{submissionId}", "新增学位2650个与教体局统计口径一致", ct);
        await Contains(office, "/reviews/templates", "年度工作总结谋划（务虚会）模板", ct);
        await Contains(office, "/meetings", "2023年市委工作务虚会", ct);
        await Contains(office, $"/meetings/{meetingId}", "ZYDB-2023-001", ct);
        await Contains(office, "/milestones?year=2023", "星河动力", ct);

        // The unit reads its own submission without the editor (it was accepted) and never the script.
        var reporter = await app.LoginAsync("anyue.reporter");
        var html = await Contains(reporter, $"/reviews/submissions/{submissionId}", "已采纳", ct);
        Assert.DoesNotContain("review-editor.js", html, StringComparison.Ordinal);
    }

    private static async Task<string> Contains(HttpClient client, string url, string text, CancellationToken ct)
    {
        var response = await client.GetAsync(url, ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        Assert.Contains(text, html, StringComparison.Ordinal);
        return html;
    }
}
