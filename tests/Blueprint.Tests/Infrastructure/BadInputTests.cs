using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Blueprint.Web.Data;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// The inputs that answered 500 in issue 17, each now a 400 (or 404) in Chinese that names the
/// field. Every one is refused, so the shared apps are not written to. The fuzz test
/// (<c>Fuzz/FuzzTests</c>) looks for the ones nobody has listed yet.
/// </summary>
public sealed class BadInputTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_inputs_that_used_to_fail_with_500_are_refused_naming_the_field(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var office = await app.LoginAsync("project.office");

        await AssertRefusedAsync(app.CreateClient(), HttpMethod.Post, "/api/auth/login", "{}", "userName");
        await AssertRefusedAsync(office, HttpMethod.Post, "/api/review-templates/", """{"name":"n"}""", "sections");
        await AssertRefusedAsync(office, HttpMethod.Post, "/api/review-campaigns/", """{"year":2110,"title":"t"}""", "unitIds");
        await AssertRefusedAsync(office, HttpMethod.Post, "/api/review-campaigns/",
            """{"year":2110,"title":"t","reviewTemplateId":2147483647,"deadline":"2110-06-30","unitIds":[]}""", null);
        await AssertRefusedAsync(office, HttpMethod.Post, "/api/problems/", """{"title":"t","kind":"Land","unitId":1,"keyProjectId":2147483647}""", "keyProjectId");
        await AssertRefusedAsync(office, HttpMethod.Post, "/api/problems/", """{"title":"t","kind":"Land","unitId":2147483647}""", "unitId");

        var problems = await office.GetFromJsonAsync<JsonObject>("/api/problems/?pageSize=1", TestContext.Current.CancellationToken);
        var problemId = problems!["items"]![0]!["id"]!.GetValue<int>();
        await AssertRefusedAsync(office, HttpMethod.Put, $"/api/problems/{problemId}", """{"title":"t","kind":"Land","version":0}""", "unitId");
        await AssertRefusedAsync(office, HttpMethod.Put, "/api/reader/proposals/1", """{"version":0}""", "fields");
        await AssertRefusedAsync(office, HttpMethod.Post, "/api/supervision-items/batch-close", """{"items":[null],"comment":"c"}""", "items");
        await AssertRefusedAsync(office, HttpMethod.Post, "/api/problems/", """{"title":"t","kind":"Land","unitId":1,"deadline":"9999-12-31"}""", "deadline");

        foreach (var year in new[] { "0", "-1", "10000" })
        {
            await AssertRefusedAsync(office, HttpMethod.Get, $"/api/meetings/?year={year}", null, "year");
            await AssertRefusedAsync(office, HttpMethod.Get, $"/api/milestones/?year={year}", null, "year");
        }

        // The last day of the calendar has no next day: a date at the end of the calendar in a query.
        await AssertRefusedAsync(office, HttpMethod.Get, "/api/problems/?asOf=9999-12-31", null, "asOf");
    }

    /// <summary>
    /// Text longer than its column: PostgreSQL refused it at the save (22001, a 500), SQLite stored it. Each is now a
    /// 400 naming the field, on both databases (an audit of every <c>HasMaxLength</c> against its input's checks).
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Text_longer_than_its_column_is_refused_naming_the_field(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var office = await app.LoginAsync("project.office");
        var admin = await app.LoginAsync("sysadmin");
        string Project(string field, int length) =>
            $$"""{"code":"LEN-{{field}}","name":"字段长度测试","unitId":1,"category":1,"stage":0,"{{field}}":"{{new string('字', length)}}"}""";

        await AssertRefusedAsync(office, HttpMethod.Post, "/api/projects/", Project("responsibleLeader", 101), "responsibleLeader");
        await AssertRefusedAsync(office, HttpMethod.Post, "/api/projects/", Project("industryChain", 101), "industryChain");
        await AssertRefusedAsync(office, HttpMethod.Post, "/api/projects/", Project("location", 201), "location");
        await AssertRefusedAsync(admin, HttpMethod.Post, "/api/admin/accounts/",
            $$"""{"userName":"len.test","displayName":"长度测试","unitId":1,"email":"{{new string('a', 245)}}@example.com"}""", "email");
    }

    /// <summary>The uploaded file's name is the client's: one longer than the column is cut as an attachment's is, keeping its extension.</summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_report_whose_file_name_is_longer_than_its_column_is_kept_with_the_name_cut(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var office = await app.LoginAsync("project.office");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("文件名长度测试"), "title" },
            { new StringContent("2023"), "year" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("全年地区生产总值增长6%。")), "file", new string('报', 300) + ".txt" },
        };
        var created = await office.PostAsync("/api/reader/documents/file", form, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var name = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["fileName"]!.GetValue<string>();
        Assert.Equal(200, name.Length);
        Assert.EndsWith(".txt", name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_meeting_and_milestone_pages_refuse_a_year_outside_the_calendar()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var office = await app.LoginAsync("project.office");
        var ct = TestContext.Current.CancellationToken;
        foreach (var page in new[] { "/meetings?year=0", "/meetings?year=-1", "/meetings?year=10000", "/milestones?year=-1", "/milestones?year=10000" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Accept.ParseAdd("text/html");
            using var response = await office.SendAsync(request, ct);
            var html = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{page}: {(int)response.StatusCode}");
            Assert.Contains("参数“year”", html, StringComparison.Ordinal);
        }

        // 0 is the milestone page's own "any year".
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync("/milestones?year=0", ct)).StatusCode);
    }

    private static async Task AssertRefusedAsync(HttpClient client, HttpMethod method, string url, string? json, string? field)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{method} {url} {json}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        var said = problem["title"]!.GetValue<string>() + " " + problem["errors"]?.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Matches(@"[\u4e00-\u9fff]", said);
        if (field is not null)
        {
            Assert.True(said.Contains(field, StringComparison.Ordinal), $"{method} {url}: \"{said}\" does not name {field}");
        }
    }
}
