using System.Text.RegularExpressions;
using Blueprint.Web.Features.Demo;
using Microsoft.Playwright;
using Xunit;

using static Blueprint.BrowserTests.BrowserFixture;

namespace Blueprint.BrowserTests;

/// <summary>
/// The report reader in the browser: the office pastes the context article, saves it, accepts a
/// milestone, a project and a problem, and sees each record linked from the sentence it came from.
/// Proposals are found by their kind and their sentence's words, not by number, so an improved
/// extraction that cuts or numbers sentences differently does not break the test.
/// </summary>
public sealed partial class ReaderTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_office_pastes_the_article_accepts_three_proposals_and_sees_them_linked_to_their_sentences()
    {
        BrowserFixture.RequireChromium();
        var article = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Content", "ziyang-2023-work-conference.txt"), TestContext.Current.CancellationToken);
        var title = "资阳市委工作务虚会报道";

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/reader/new");
        await SignInAsync(page, "project.office");
        await page.FillAsync("#reader-title", title);
        await page.FillAsync("#reader-year", "2023");
        await page.FillAsync("#reader-text", article);
        await page.ClickAsync("#reader-save");
        await page.WaitForURLAsync(ReaderDocumentUrl());
        await Assertions.Expect(page.Locator("#reader-document-title")).ToHaveTextAsync(title);
        await Assertions.Expect(page.Locator("#reader-sentences li").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".reader-proposal mark").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "70-reader-document");

        // September's milestone, the 7.52 亿元 sewage project of 安岳县, and 雁江区's park problem.
        await AcceptAsync(page, "Milestone", "航天三院");
        await AcceptAsync(page, "Project", "雨污分流");
        await AcceptAsync(page, "Problem", "只考虑了投入");
        await BrowserFixture.ScreenshotAsync(page, "71-reader-accepted");

        // A rejected proposal is marked and creates nothing (the pressed button decides, not the first one).
        var measure = page.Locator("article.reader-proposal[data-kind='Measure']", new() { HasText = "一张蓝图绘到底" }).First;
        await measure.Locator("button[data-action='reject']").ClickAsync();
        await Assertions.Expect(page.Locator("#reader-message")).ToContainTextAsync("已驳回");
        await Assertions.Expect(page.Locator("article.reader-proposal[data-kind='Measure'][data-state='Rejected']", new() { HasText = "一张蓝图绘到底" })).ToHaveCountAsync(1);

        // Each sentence names the record it became; the record's page is one click away.
        await Assertions.Expect(Sentence(page, "航天三院").Locator("a[data-record^='Milestone-']")).ToBeVisibleAsync();
        await Assertions.Expect(Sentence(page, "只考虑了投入").Locator("a[data-record^='Problem-']")).ToBeVisibleAsync();
        var projectLink = Sentence(page, "雨污分流").Locator("a[data-record^='KeyProject-']");
        await Assertions.Expect(projectLink).ToBeVisibleAsync();
        await projectLink.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/projects/\d+$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("雨污分流工程");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("安岳县");

        // The list counts what was decided.
        await page.GotoAsync("/reader?year=2023");
        await Assertions.Expect(page.Locator("#reader-documents tr", new() { HasText = title }).Locator("td").Nth(4)).ToHaveTextAsync("3");
    }

    [Fact]
    public async Task The_office_pastes_an_unseen_bulletin_corrects_a_project_accepts_it_and_sees_its_source()
    {
        BrowserFixture.RequireChromium();
        var ct = TestContext.Current.CancellationToken;
        // A held-out text of the corpus (issue 18): its first line is our note, not the report.
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Content", "xiangyang-2024-h1-key-projects-bulletin.txt"), ct);
        var text = string.Join('\n', lines.Where(l => !l.StartsWith('#')));
        var title = $"襄阳重点项目通报 {Guid.NewGuid():N}"[..16];
        var code = $"XY-T-{Guid.NewGuid():N}"[..20];

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/reader/new");
        await SignInAsync(page, "project.office");
        await page.FillAsync("#reader-title", title);
        await page.FillAsync("#reader-year", "2024");
        await page.FillAsync("#reader-text", text);
        await page.ClickAsync("#reader-save");
        await page.WaitForURLAsync(ReaderDocumentUrl());
        var documentUrl = page.Url;

        // The figures of a whole sentence are proposed, the year's plan as targets, the months so far as results.
        var plan = page.Locator("article.reader-proposal[data-kind='Target']", new() { HasText = "安排重点项目486个" });
        await Assertions.Expect(plan).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("article.reader-proposal[data-kind='Target']", new() { HasText = "开工率81.6" }).First
            .Locator("select[name='actual'] option[selected]")).ToHaveAttributeAsync("value", "true");
        // The event is a milestone, not a project.
        await Assertions.Expect(page.Locator("article.reader-proposal[data-kind='Project']", new() { HasText = "集中开工活动" })).ToHaveCountAsync(0);

        // The user corrects the project (its code and unit) and accepts it.
        var card = page.Locator("article.reader-proposal[data-kind='Project']", new() { HasText = "新能源汽车零部件产业园" }).First;
        await Assertions.Expect(card.Locator("input[name='projectName']")).ToHaveValueAsync("襄阳东津新区（襄阳经开区）新能源汽车零部件产业园项目");
        await card.Locator("details.reader-fields > summary").ClickAsync();
        await card.Locator("input[name='projectCode']").FillAsync(code);
        await card.Locator("select[name='unitIds']").SelectOptionAsync(new SelectOptionValue { Label = "乐至县" });
        await BrowserFixture.ScreenshotAsync(page, "43-reader-unseen-correct");
        await card.Locator("button[data-action='accept']").ClickAsync();
        await Assertions.Expect(page.Locator("#reader-message")).ToContainTextAsync("已接受");
        await BrowserFixture.ScreenshotAsync(page, "44-reader-unseen-accepted");

        // The project's page says where it came from.
        await Sentence(page, "新能源汽车零部件产业园").Locator("a[data-record^='KeyProject-']").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/projects/\d+$"));
        await Assertions.Expect(page.Locator("#project-name")).ToContainTextAsync(code);
        await Assertions.Expect(page.Locator("#reader-origin")).ToContainTextAsync(title);
        await Assertions.Expect(page.Locator("#reader-origin")).ToContainTextAsync("新能源汽车零部件产业园项目已完成主体结构");
        await BrowserFixture.ScreenshotAsync(page, "45-project-source");

        // A result (1-6月, 累计完成投资) is a value of the year's indicator, not a new target: the office makes the
        // indicator, names it on the proposal, saves, chooses the indicator offered, and accepts.
        var indicatorName = $"重点项目完成投资{Guid.NewGuid():N}"[..14];
        await page.GotoAsync("/goals/indicators/new");
        await page.Locator("#indicator-year").SelectOptionAsync(new SelectOptionValue { Label = "2024" });
        await page.FillAsync("#indicator-name", indicatorName);
        await page.FillAsync("#indicator-measure", "亿元");
        await page.Locator("#indicator-unit").SelectOptionAsync(new SelectOptionValue { Label = "乐至县" });
        await page.FillAsync("#indicator-target", "900");
        await page.Locator("select[name='Form.Profile']").SelectOptionAsync("Quarterly");
        await page.ClickAsync("#indicator-save");
        await page.WaitForURLAsync(new Regex(@"/goals/indicators/\d+"));

        await page.GotoAsync(documentUrl);
        var result = page.Locator("article.reader-proposal[data-kind='Target']", new() { HasText = "累计完成投资512.4" }).First;
        await Assertions.Expect(result.Locator("strong[data-figure='result']")).ToHaveTextAsync("指标实际值");
        await result.Locator("details.reader-fields > summary").ClickAsync();
        await Assertions.Expect(result.Locator("input[name='month']")).ToHaveValueAsync("6");
        await result.Locator("input[name='indicatorName']").FillAsync(indicatorName);
        await result.Locator("select[name='unitIds']").SelectOptionAsync(new SelectOptionValue { Label = "乐至县" });
        await result.Locator("button[data-action='save']").ClickAsync();
        await Assertions.Expect(page.Locator("#reader-message")).ToContainTextAsync("已保存");
        result = page.Locator("article.reader-proposal[data-kind='Target']", new() { HasText = "累计完成投资512.4" }).First;
        await result.Locator("details.reader-fields > summary").ClickAsync();
        await result.Locator("select[name='existingIndicatorId']").SelectOptionAsync(new SelectOptionValue { Label = $"2024 · {indicatorName}（亿元）· 乐至" });
        await Assertions.Expect(result.Locator(".reader-figure-kind")).ToHaveTextAsync("接受后记为2024年的指标数值");
        await BrowserFixture.ScreenshotAsync(page, "68-reader-result-as-value");
        await result.Locator("button[data-action='accept']").ClickAsync();
        await Assertions.Expect(page.Locator("#reader-message")).ToContainTextAsync("已接受");

        await Sentence(page, "累计完成投资512.4").Locator("a[data-record^='Indicator-']").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/goals/indicators/\d+$"));
        var row = page.Locator("#value-history tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("512.4");
        await Assertions.Expect(row).ToContainTextAsync("草稿");
        await Assertions.Expect(page.Locator("#indicator-target")).ToContainTextAsync("900");
        await Assertions.Expect(page.Locator("#reader-origin")).ToContainTextAsync("累计完成投资512.4亿元");
        await BrowserFixture.ScreenshotAsync(page, "69-indicator-value-from-report");
    }

    private static async Task AcceptAsync(IPage page, string kind, string words)
    {
        var card = page.Locator($"article.reader-proposal[data-kind='{kind}']", new() { HasText = words }).First;
        await card.Locator("button[data-action='accept']").ClickAsync();
        await Assertions.Expect(page.Locator("#reader-message")).ToContainTextAsync("已接受");
        var accepted = page.Locator($"article.reader-proposal[data-kind='{kind}'][data-state='Accepted']", new() { HasText = words }).First;
        await Assertions.Expect(accepted.Locator(".reader-link")).ToContainTextAsync("来源：《资阳市委工作务虚会报道》第");
    }

    private static ILocator Sentence(IPage page, string words) =>
        page.Locator("#reader-sentences li", new() { HasText = words }).First;

    [GeneratedRegex(@"/reader/\d+$")]
    private static partial Regex ReaderDocumentUrl();
}
