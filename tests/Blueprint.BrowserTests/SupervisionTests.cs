using Blueprint.Web.Features.Demo;
using Microsoft.Playwright;
using Xunit;

using static Blueprint.BrowserTests.BrowserFixture;

namespace Blueprint.BrowserTests;

/// <summary>
/// An item from assignment to closure in the browser: the supervision office assigns it to
/// 安岳县 through the form; the county reporter, on a 375-px phone, finds it in the inbox, accepts
/// it, reports and asks to close it; the office closes it, the item shows 已办结 and the unit
/// ranking counts it.
/// </summary>
public sealed class SupervisionTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_office_assigns_the_county_accepts_reports_and_asks_to_close_and_the_office_closes()
    {
        BrowserFixture.RequireChromium();
        var title = $"浏览器测试督办事项 {Guid.NewGuid().ToString("N")[..6]}";

        // The office registers the item with the form.
        var office = await browser.NewPageAsync();
        await office.GotoAsync("/supervision/new");
        await SignInAsync(office, "supervision.office");
        await office.FillAsync("#item-title", title);
        await office.SelectOptionAsync("#item-source", new SelectOptionValue { Label = "领导批示" });
        await office.SelectOptionAsync("#item-unit", new SelectOptionValue { Label = "安岳县" });
        await office.FillAsync("#item-deadline", "2091-06-30");
        await office.FillAsync("#item-basis", "市政府主要领导批示：请安岳县限期完成。");
        await BrowserFixture.ScreenshotAsync(office, "60-supervision-new");
        await office.ClickAsync("#item-save");
        await Assertions.Expect(office.Locator("#item-status")).ToContainTextAsync("已交办");
        var itemUrl = new Uri(office.Url).AbsolutePath;

        // The county reporter, on a phone, finds it in the list and accepts it.
        var phone = await browser.NewPageAsync(width: 375, height: 812);
        await phone.GotoAsync("/supervision");
        await SignInAsync(phone, "anyue.reporter");
        await phone.GotoAsync("/inbox");
        var notice = phone.Locator("#inbox-list tr.unread", new() { HasText = title });
        await Assertions.Expect(notice).ToContainTextAsync("新督办事项");
        await notice.Locator("a").ClickAsync();
        await Assertions.Expect(phone.Locator("#item-title")).ToHaveTextAsync(title);
        await Assertions.Expect(phone.Locator("#action-RefuseExtension")).ToHaveCountAsync(0);
        await phone.ClickAsync("#action-Accept summary");
        await phone.ClickAsync("#submit-Accept");
        await Assertions.Expect(phone.Locator("#item-status")).ToContainTextAsync("已签收");

        // Feedback, then the closure request, each with its comment.
        await phone.ClickAsync("#action-Feedback summary");
        await phone.FillAsync("#comment-Feedback", "已制定整改方案，完成现场核查。");
        await phone.ClickAsync("#submit-Feedback");
        await Assertions.Expect(phone.Locator("#item-status")).ToContainTextAsync("办理中");
        await phone.ClickAsync("#action-RequestClosure summary");
        await phone.FillAsync("#comment-RequestClosure", "整改已完成，申请办结。");
        await phone.ClickAsync("#submit-RequestClosure");
        await Assertions.Expect(phone.Locator("#item-status")).ToContainTextAsync("申请办结");
        await Assertions.Expect(phone.Locator("#item-history")).ToContainTextAsync("已制定整改方案");
        await BrowserFixture.ScreenshotAsync(phone, "61-supervision-phone");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the detail page fits 375 px");

        // The ranking of June 2091 (the item's deadline) counts it as due and not yet closed.
        var ranking = $"/supervision/rankings?from=2091-06-01&to=2091-06-30";
        var anyueRow = office.Locator("#rankings tbody tr", new() { HasText = "安岳县" });
        await office.GotoAsync(ranking);
        var closureBefore = await anyueRow.Locator(".closure-rate").InnerTextAsync();

        // The office closes it; closing asks for an explicit confirmation first.
        await office.GotoAsync(itemUrl);
        await office.ClickAsync("#action-Close summary");
        await office.FillAsync("#comment-Close", "同意办结。");
        await office.ClickAsync("#submit-Close");
        await Assertions.Expect(office.Locator("#action-message-Close")).ToContainTextAsync("请勾选");
        await office.CheckAsync("#confirm-Close");
        await office.ClickAsync("#submit-Close");
        await Assertions.Expect(office.Locator("#item-status")).ToContainTextAsync("已办结");
        await Assertions.Expect(office.Locator("#item-history li")).ToHaveCountAsync(5);
        await BrowserFixture.ScreenshotAsync(office, "62-supervision-closed");

        // The ranking now counts it closed: 安岳县's closure rate for June 2091 is 100 %.
        await office.GotoAsync(ranking);
        await Assertions.Expect(anyueRow.Locator(".closure-rate")).Not.ToHaveTextAsync(closureBefore);
        await Assertions.Expect(anyueRow.Locator(".closure-rate")).ToContainTextAsync("100");
        await BrowserFixture.ScreenshotAsync(office, "63-supervision-ranking");

        // And the list shows it closed too.
        await phone.GotoAsync($"/supervision?q={Uri.EscapeDataString(title)}");
        await Assertions.Expect(phone.Locator("#supervision-list tr", new() { HasText = title }).Locator("[data-status='Closed']")).ToHaveTextAsync("已办结");
    }
}
