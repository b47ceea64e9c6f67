using Blueprint.Web.Features.Demo;
using Microsoft.Playwright;
using Xunit;

using static Blueprint.BrowserTests.BrowserFixture;

namespace Blueprint.BrowserTests;

/// <summary>
/// Project proposals (项目申报) in the browser: the 安岳 reporter proposes on a phone, the project
/// office returns it with a reason, the reporter edits and proposes again, the office accepts it
/// into the library (decision 0018).
/// </summary>
public sealed class ProposalTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Code = "BP-1";
    private const string Name = "浏览器申报测试项目";

    [Fact]
    public async Task A_county_proposes_on_a_phone_the_office_returns_it_the_county_proposes_again_the_office_accepts()
    {
        BrowserFixture.RequireChromium();

        // The reporter proposes from the phone: /projects/new is the proposal form for a county.
        var phone = await browser.NewPageAsync(width: 375, height: 812);
        await phone.GotoAsync("/projects/new");
        await SignInAsync(phone, "anyue.reporter");
        await Assertions.Expect(phone.Locator("main h1")).ToHaveTextAsync("申报项目");
        await Assertions.Expect(phone.Locator("#proposal-note")).ToContainTextAsync("入库前不计入任何统计");
        await phone.FillAsync("#f-code", Code);
        await phone.FillAsync("#f-name", Name);
        await phone.FillAsync("#f-total", "8,000");
        await BrowserFixture.ScreenshotAsync(phone, "32-proposal-form-375");
        await phone.ClickAsync("#project-save");
        await Assertions.Expect(phone.Locator("#proposal-done")).ToContainTextAsync("已提交申报");
        await Assertions.Expect(phone.Locator("#proposal-status")).ToContainTextAsync("待审核");

        // The office finds it waiting and returns it, with a reason and the confirmation.
        var office = await browser.NewPageAsync();
        await office.GotoAsync("/projects/proposals");
        await SignInAsync(office, "project.office");
        var row = office.Locator($"tr[data-proposal-code='{Code}']");
        await Assertions.Expect(row).ToContainTextAsync("待审核");
        await Assertions.Expect(office.Locator("#proposals-waiting")).ToContainTextAsync("待审核");
        await BrowserFixture.ScreenshotAsync(office, "33-proposals-office");
        await row.Locator("a").ClickAsync();
        await Assertions.Expect(office.Locator("#proposal-name")).ToContainTextAsync(Name);
        await office.ClickAsync("#action-Return summary");
        await office.FillAsync("#reason-Return", "请补充建设地点。");
        await office.ClickAsync("#submit-Return");
        await Assertions.Expect(office.Locator("#action-message-Return")).ToContainTextAsync("请勾选确认");
        await office.CheckAsync("#confirm-Return");
        await office.ClickAsync("#submit-Return");
        await Assertions.Expect(office.Locator("#proposal-status")).ToContainTextAsync("已退回");

        // The reporter sees why, edits it and proposes it again.
        await phone.GotoAsync("/projects/proposals");
        await Assertions.Expect(phone.Locator($"tr[data-proposal-code='{Code}']")).ToContainTextAsync("请补充建设地点。");
        await phone.Locator($"tr[data-proposal-code='{Code}'] a").ClickAsync();
        await Assertions.Expect(phone.Locator("#proposal-returned")).ToContainTextAsync("请补充建设地点。");
        await BrowserFixture.ScreenshotAsync(phone, "34-proposal-returned-375");
        await phone.ClickAsync("#proposal-edit");
        await Assertions.Expect(phone.Locator("main h1")).ToHaveTextAsync("修改并重新申报");
        await phone.FillAsync("#f-location", "安岳县岳阳镇");
        await phone.ClickAsync("#project-save");
        await Assertions.Expect(phone.Locator("#proposal-done")).ToContainTextAsync("已重新提交申报");
        await Assertions.Expect(phone.Locator("#proposal-status")).ToContainTextAsync("待审核");

        // The office accepts it; it is in the library, and the reporter is told.
        await office.ReloadAsync();
        await office.ClickAsync("#action-Accept summary");
        await office.CheckAsync("#confirm-Accept");
        await office.ClickAsync("#submit-Accept");
        await Assertions.Expect(office.Locator("#proposal-status")).ToContainTextAsync("已入库");
        await Assertions.Expect(office.Locator("#proposal-history li")).ToHaveCountAsync(4);
        await BrowserFixture.ScreenshotAsync(office, "35-proposal-accepted");
        await office.ClickAsync("#proposal-project-link");
        await Assertions.Expect(office.Locator("#project-name")).ToContainTextAsync(Name);

        await phone.GotoAsync("/inbox");
        await Assertions.Expect(phone.Locator("main")).ToContainTextAsync($"申报项目已入库：{Code} {Name}");
    }
}
