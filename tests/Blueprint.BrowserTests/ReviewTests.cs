using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

using static Blueprint.BrowserTests.BrowserFixture;

namespace Blueprint.BrowserTests;

/// <summary>
/// The yearly review in the browser: 安岳 writes its review in the editor (autosaved) and submits
/// it, the county leader approves, the office returns it with a comment on one section, the
/// county revises and resubmits, it is approved and accepted, and the dossier downloaded from
/// the campaign page holds a heading for every accepted unit.
/// </summary>
public sealed class ReviewTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Year = 2095;

    [Fact]
    public async Task A_unit_writes_and_submits_the_office_returns_it_the_unit_resubmits_and_the_dossier_has_every_unit()
    {
        BrowserFixture.RequireChromium();
        var (campaignId, submissionId) = await ArrangeAsync();

        // The reporter writes two sections; leaving the editor autosaves it.
        var reporter = await browser.NewPageAsync();
        await reporter.GotoAsync($"/reviews/submissions/{submissionId}");
        await SignInAsync(reporter, "anyue.reporter");
        await Assertions.Expect(reporter.Locator("#submission-title")).ToContainTextAsync("安岳县");
        await reporter.Locator("#editor-results").FillAsync("新增学位2650个，城区雨污分流工程完工80%。");
        await reporter.Locator("#editor-problems").ClickAsync();
        await Assertions.Expect(reporter.Locator("#autosave-status")).ToContainTextAsync("已自动保存");
        await reporter.Locator("#editor-problems").FillAsync("雨污分流工程施工影响群众出行。");
        await reporter.Locator("#section-problems [data-command=insertUnorderedList]").ClickAsync();

        // Moving quickly from section to section (issue 19): the sections share the submission's
        // version, and their saves queue, each with the version the one before produced — none is
        // refused as "已被他人修改".
        var saves = new List<int>();
        reporter.Response += (_, r) =>
        {
            if (r.Request.Method == "PUT" && r.Url.Contains("/sections/", StringComparison.Ordinal))
            {
                lock (saves)
                {
                    saves.Add(r.Status);
                }
            }
        };
        // Three sections left in the same instant (as a quick writer tabs through them): three saves
        // asked for at once. Playwright's evaluate runs outside the page's CSP.
        await reporter.EvaluateAsync("""
            () => {
                const texts = { results: '（再补一句）', problems: '（补充问题）', measures: '快速切换：先定措施。' };
                for (const [key, text] of Object.entries(texts)) {
                    const area = document.querySelector('#editor-' + key);
                    area.innerHTML += '<p>' + text + '</p>';
                    area.dispatchEvent(new Event('input'));
                    area.dispatchEvent(new Event('blur'));
                }
            }
            """);
        for (var i = 0; i < 100 && Count() < 3; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        lock (saves)
        {
            Assert.True(saves.Count >= 3 && saves.All(status => status == 200), $"autosaves answered {string.Join(", ", saves)}");
        }

        await Assertions.Expect(reporter.Locator("#autosave-status")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("alert-error"));
        await BrowserFixture.ScreenshotAsync(reporter, "60-review-writing");
        await reporter.ClickAsync("#submit-button");
        await Assertions.Expect(reporter.Locator("#submission-message")).ToContainTextAsync("已提交");
        await Assertions.Expect(reporter.Locator("#text-results")).ToContainTextAsync("新增学位2650个");
        await Assertions.Expect(reporter.Locator("#text-results")).ToContainTextAsync("（再补一句）");
        await Assertions.Expect(reporter.Locator("#text-measures")).ToContainTextAsync("快速切换：先定措施。");

        int Count()
        {
            lock (saves)
            {
                return saves.Count;
            }
        }

        // The county leader approves; the office returns it with a comment on the problems section.
        var leader = await browser.NewPageAsync();
        await leader.GotoAsync($"/reviews/submissions/{submissionId}");
        await SignInAsync(leader, "anyue.leader");
        await leader.ClickAsync("#approve-button");
        await Assertions.Expect(leader.Locator("#submission-message")).ToContainTextAsync("已审核通过");

        var office = await browser.NewPageAsync();
        await office.GotoAsync($"/reviews/submissions/{submissionId}");
        await SignInAsync(office, "project.office");
        await office.SelectOptionAsync("#remark-section", "problems");
        await office.FillAsync("#remark-text", "请写明解决措施和完成时限。");
        await office.ClickAsync("#return-button");
        await Assertions.Expect(office.Locator("#submission-message")).ToContainTextAsync("已退回修改");

        // The unit sees the comment beside the section, revises and resubmits.
        await reporter.GotoAsync($"/reviews/submissions/{submissionId}");
        await Assertions.Expect(reporter.Locator("#submission-status")).ToContainTextAsync("已退回");
        await Assertions.Expect(reporter.Locator("#section-problems .review-comment")).ToContainTextAsync("请写明解决措施和完成时限");
        await reporter.Locator("#editor-measures").FillAsync("分段封闭、夜间施工，2096年6月底前全面完工。");
        await BrowserFixture.ScreenshotAsync(reporter, "61-review-returned");
        await reporter.ClickAsync("#submit-button");
        await Assertions.Expect(reporter.Locator("#submission-message")).ToContainTextAsync("已提交");

        await leader.GotoAsync($"/reviews/submissions/{submissionId}");
        await leader.ClickAsync("#approve-button");
        await Assertions.Expect(leader.Locator("#submission-message")).ToContainTextAsync("已审核通过");
        await office.GotoAsync($"/reviews/submissions/{submissionId}");
        await office.ClickAsync("#accept-button");
        await Assertions.Expect(office.Locator("#submission-message")).ToContainTextAsync("已采纳");

        // The dossier, downloaded from the campaign page, has a heading for every accepted unit.
        await office.GotoAsync($"/reviews/campaigns/{campaignId}");
        await Assertions.Expect(office.Locator("#campaign-units")).ToContainTextAsync("已采纳");
        await BrowserFixture.ScreenshotAsync(office, "62-review-campaign");
        var download = await office.RunAndWaitForDownloadAsync(() => office.ClickAsync("#dossier-download"));
        var path = Path.Combine(Path.GetTempPath(), $"dossier-{Guid.NewGuid():N}.docx");
        await download.SaveAsAsync(path);
        using var doc = WordprocessingDocument.Open(path, false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var headings = body.Elements<Paragraph>()
            .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading1").Select(p => p.InnerText).ToList();
        Assert.Equal(["安岳县", "安岳县住房和城乡建设局"], headings);
        Assert.Contains("分段封闭、夜间施工", body.InnerText, StringComparison.Ordinal);
        Assert.Contains(body.Descendants<FieldCode>(), f => f.Text.Contains("TOC", StringComparison.Ordinal));
    }

    /// <summary>A campaign of 2095 for 安岳 and its housing bureau; the bureau's submission is already accepted.</summary>
    private async Task<(int CampaignId, int SubmissionId)> ArrangeAsync()
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var anyue = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Anyue);
        var housing = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.AnyueHousing);
        var template = new ReviewTemplate { Name = "浏览器测试模板" };
        template.Sections.AddRange(
        [
            new ReviewTemplateSection { Key = "results", Title = "主要成绩", SortOrder = 10 },
            new ReviewTemplateSection { Key = "problems", Title = "存在的主要问题", SortOrder = 20 },
            new ReviewTemplateSection { Key = "measures", Title = "主要措施", SortOrder = 30 },
        ]);
        var campaign = new ReviewCampaign { Year = Year, Title = $"{Year}年务虚会（浏览器测试）", Template = template, Deadline = new DateOnly(Year, 11, 30), Status = CampaignStatus.Open };
        var own = new ReviewSubmission { Campaign = campaign, UnitId = anyue.Id };
        own.Sections.AddRange(template.Sections.Select(s => new ReviewSubmissionSection { Key = s.Key }));
        var bureau = new ReviewSubmission { Campaign = campaign, UnitId = housing.Id, Status = SubmissionStatus.Accepted, SubmittedAtUtc = new DateTime(2095, 11, 20, 0, 0, 0, DateTimeKind.Utc) };
        bureau.Sections.AddRange(template.Sections.Select(s => new ReviewSubmissionSection { Key = s.Key, Html = $"<p>住建局{s.Title}</p>" }));
        db.AddRange(template, campaign, own, bureau);
        await db.SaveChangesAsync();
        return (campaign.Id, own.Id);
    }
}
