using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Blueprint.Tests.Access.SessionClient;

namespace Blueprint.Tests.Access;

/// <summary>
/// A signed-in cookie writes through the API only with the X-Requested-With header, which a
/// page of another origin cannot add (decision 0032). The browser version of this test, with a
/// real attacking page, is Blueprint.BrowserTests.CrossSiteTests.
/// </summary>
public sealed class CrossSiteWriteTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_write_with_the_cookie_but_without_the_header_is_refused_in_Chinese_json_form_and_multipart_alike(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var cookie = await SignInAsync(app, "project.office", DemoAccounts.Password);
        var tag = $"跨站{provider}{Guid.NewGuid():N}"[..20];
        const int year = 2100; // the last year a reader document may have; found by its tag

        HttpContent Multipart()
        {
            var body = new MultipartFormDataContent { { new StringContent(tag), "title" }, { new StringContent(year.ToString(System.Globalization.CultureInfo.InvariantCulture)), "year" } };
            body.Add(new ByteArrayContent("2106年3月，安岳县开工建设跨站测试项目。"u8.ToArray()), "file", "attack.txt");
            return body;
        }

        var json = await SendAsync(app, HttpMethod.Post, "/api/problems", cookie,
            JsonContent.Create(new ProblemInput(tag, null, ProblemKind.Funds, await AnyueAsync(app), null, null, null, 0)), header: false);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Contains("X-Requested-With", (await json.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title, StringComparison.Ordinal);
        Assert.Contains("跨站", (await (await SendAsync(app, HttpMethod.Post, "/api/reader/documents/file", cookie, Multipart(), header: false)).Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title, StringComparison.Ordinal);
        var form = await SendAsync(app, HttpMethod.Post, "/api/reader/documents", cookie, new FormUrlEncodedContent(new Dictionary<string, string> { ["title"] = tag }), header: false);
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(app, HttpMethod.Post, "/api/auth/logout", cookie, header: false)).StatusCode);

        // Reads need no header; nothing was written; the same upload with the header is created.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(app, HttpMethod.Get, "/api/auth/me", cookie, header: false)).StatusCode);
        Assert.Equal((0, 0), await CountAsync(app, tag));
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(app, HttpMethod.Post, "/api/reader/documents/file", cookie, Multipart())).StatusCode);
        Assert.Equal((0, 1), await CountAsync(app, tag));
    }

    private static async Task<(int Problems, int Documents)> CountAsync(TestApp app, string tag)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var ct = TestContext.Current.CancellationToken;
        return (await db.Set<Problem>().CountAsync(p => p.Title == tag, ct), await db.Set<ReaderDocument>().CountAsync(d => d.Title == tag, ct));
    }
}
