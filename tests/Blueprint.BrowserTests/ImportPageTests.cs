using Blueprint.Web.Features.Demo;
using Microsoft.Playwright;
using Xunit;

namespace Blueprint.BrowserTests;

/// <summary>The import page tells the user it is working while a large file is checked.</summary>
public sealed class ImportPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_running_import_shows_its_progress_and_cannot_be_submitted_twice()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/projects/import");
        await page.FillAsync("#username", "project.office");
        await page.FillAsync("#password", DemoAccounts.Password);
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("#import-form")).ToBeVisibleAsync();

        // Hold the upload's answer back for a moment, as a 100,000-row file would.
        await page.RouteAsync("**/projects/import", async route =>
        {
            if (route.Request.Method == "POST")
            {
                await Task.Delay(2_000);
            }

            await route.ContinueAsync();
        });
        await page.SelectOptionAsync("#import-form select[name=Kind]", "Progress");
        await page.SetInputFilesAsync("#import-form input[type=file]",
            new FilePayload { Name = "月度调度.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = "不是工作簿"u8.ToArray() });
        // Click and look from script: Playwright's own click and expectations wait for the
        // answer's navigation, and the status line only lives until the answer arrives.
        var state = await page.EvaluateAsync<string>("""
            async () => {
                document.querySelector('#import-form button[type=submit]').click();
                await new Promise(resolve => setTimeout(resolve, 300));
                const status = document.querySelector('#import-form [data-busy-status]');
                return `${status.hidden ? 'hidden' : 'shown'} ${document.querySelector('#import-form button[type=submit]').disabled ? 'disabled' : 'enabled'}`;
            }
            """);
        Assert.Equal("shown disabled", state);

        // Then the answer replaces the page: this file is refused with a reason.
        await Assertions.Expect(page.Locator("#import-refused")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#import-form [data-busy-status]")).ToBeHiddenAsync();
    }
}
