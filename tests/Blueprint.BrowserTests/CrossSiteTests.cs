using System.Net;
using System.Net.Sockets;
using System.Text;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

using static Blueprint.BrowserTests.BrowserFixture;

namespace Blueprint.BrowserTests;

/// <summary>
/// Decision 0032 in a real browser: a page served from another port of the same host (same
/// site, so the sign-in cookie goes along) tries to write as the signed-in user and creates
/// nothing; a link from another site still lands signed in (why the cookie stays SameSite=Lax);
/// the security administrator ends a session and the device is signed out.
/// </summary>
public sealed class CrossSiteTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_page_on_another_port_posts_multipart_json_and_forms_with_the_users_cookie_and_creates_nothing()
    {
        RequireChromium();
        var tag = $"跨站攻击{Guid.NewGuid():N}"[..12];
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await SignInAsync(page, "project.office");

        var app = browser.Server.BaseAddress.ToString();
        await using var attacker = AttackerSite.Start(new()
        {
            ["/attack"] = AttackPage(app, tag),
            ["/link"] = $"<!doctype html><meta charset=utf-8><a id=go href=\"{app}projects\">重点项目</a>",
        });

        await page.GotoAsync(attacker.Url("127.0.0.1", "/attack"));
        await Assertions.Expect(page).ToHaveTitleAsync("done", new() { Timeout = 30_000 });
        Assert.Equal(0, await DocumentsAsync(tag));

        // The same upload from the product's own origin, with the header, is created: the attack was refused, not broken.
        await page.GotoAsync("/reader");
        var status = await page.EvaluateAsync<int>(
            """
            async ([title, header]) => {
                const form = new FormData();
                form.append("title", title);
                form.append("year", "2100");
                form.append("file", new Blob(["2100年3月，安岳县开工建设跨站测试项目。"], { type: "text/plain" }), "own.txt");
                const response = await fetch("api/reader/documents/file", { method: "POST", headers: { [header]: "Blueprint" }, body: form });
                return response.status;
            }
            """, new object[] { tag + "-own", CrossSiteWrites.Header });
        Assert.Equal(201, status);
        Assert.Equal(1, await DocumentsAsync(tag));

        // A link from another site (localhost is another site than 127.0.0.1) opens signed in: SameSite=Lax, not Strict.
        await page.GotoAsync(attacker.Url("localhost", "/link"));
        await page.ClickAsync("#go");
        await page.WaitForURLAsync(url => url.EndsWith("/projects", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("#logout")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_security_administrator_ends_a_session_and_that_browser_is_signed_out()
    {
        RequireChromium();
        var victim = await browser.NewPageAsync();
        await victim.GotoAsync("/account/login");
        await SignInAsync(victim, "anyue.leader");

        int id;
        using (var scope = browser.Server.Services.CreateScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByNameAsync("anyue.leader"))!.Id;
        }

        var admin = await browser.NewPageAsync();
        await admin.GotoAsync("/account/login");
        await SignInAsync(admin, "secadmin");
        await admin.GotoAsync($"/admin/accounts/{id}");
        await Assertions.Expect(admin.Locator("#account-sessions")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("#sessions-table")).ToContainTextAsync("在线");
        await ScreenshotAsync(admin, "94-account-sessions");

        await admin.Locator("input[id^='end-session-confirm-']").First.CheckAsync();
        await admin.Locator("button[id^='end-session-']").First.ClickAsync();
        await Assertions.Expect(admin.Locator("#account-done")).ToHaveTextAsync("会话已结束。");
        await Assertions.Expect(admin.Locator("#sessions-table")).ToContainTextAsync("管理员已结束");
        await ScreenshotAsync(admin, "95-account-session-ended");

        await victim.GotoAsync("/projects");
        await victim.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(victim.Locator("#login-submit")).ToBeVisibleAsync();
    }

    private async Task<int> DocumentsAsync(string tag)
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<ReaderDocument>().CountAsync(d => d.Title.StartsWith(tag));
    }

    /// <summary>
    /// What a hostile page can do without CORS: no-cors fetches with the cookie (multipart, and
    /// JSON with a header it asks for but the browser drops), a multipart form post with a file
    /// to the API and a form post to a page, each into a hidden frame. The title says when all is sent.
    /// </summary>
    private static string AttackPage(string app, string tag) =>
        $$"""
        <!doctype html>
        <html><head><meta charset="utf-8"><title>attack</title></head><body>
        <iframe name="sink1"></iframe><iframe name="sink2"></iframe>
        <form id="upload" method="post" enctype="multipart/form-data" action="{{app}}api/reader/documents/file" target="sink1">
          <input name="title" value="{{tag}}-form"><input name="year" value="2100"><input type="file" name="file" id="file">
        </form>
        <form id="page" method="post" enctype="multipart/form-data" action="{{app}}reader/new" target="sink2">
          <input name="_handler" value="reader-new"><input name="Title" value="{{tag}}-page"><input name="Year" value="2100">
          <textarea name="Text">2100年3月，安岳县开工建设跨站测试项目。</textarea>
        </form>
        <script>
        const app = "{{app}}";
        const text = "2100年3月，安岳县开工建设跨站测试项目。";
        function into(form, frame) {
          return new Promise(done => {
            document.querySelector("iframe[name=" + frame + "]").onload = done;
            setTimeout(done, 5000);
            document.getElementById(form).submit();
          });
        }
        (async () => {
          const body = new FormData();
          body.append("title", "{{tag}}-fetch");
          body.append("year", "2100");
          body.append("file", new Blob([text], { type: "text/plain" }), "attack.txt");
          await fetch(app + "api/reader/documents/file", { method: "POST", mode: "no-cors", credentials: "include", body }).catch(() => 0);
          await fetch(app + "api/reader/documents", {
            method: "POST", mode: "no-cors", credentials: "include",
            headers: { "Content-Type": "application/json", "X-Requested-With": "Blueprint" },
            body: JSON.stringify({ title: "{{tag}}-json", year: 2100, text })
          }).catch(() => 0);
          const files = new DataTransfer();
          files.items.add(new File([text], "attack.txt", { type: "text/plain" }));
          document.getElementById("file").files = files.files;
          await into("upload", "sink1");
          await into("page", "sink2");
          document.title = "done";
        })();
        </script>
        </body></html>
        """;

    /// <summary>A second origin on loopback: a plain HttpListener on a port of its own, serving fixed pages.</summary>
    private sealed class AttackerSite : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Dictionary<string, string> _pages;
        private readonly Task _serving;
        private readonly int _port;

        private AttackerSite(Dictionary<string, string> pages)
        {
            _pages = pages;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
            _listener.Prefixes.Add($"http://localhost:{_port}/");
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public static AttackerSite Start(Dictionary<string, string> pages) => new(pages);

        public string Url(string host, string path) => $"http://{host}:{_port}{path}";

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                var found = _pages.TryGetValue(context.Request.Url!.AbsolutePath, out var html);
                var bytes = Encoding.UTF8.GetBytes(found ? html! : "not here");
                context.Response.StatusCode = found ? 200 : 404;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }
    }
}
