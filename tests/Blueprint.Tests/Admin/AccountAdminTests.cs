using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Supervision;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Admin;

/// <summary>
/// 用户管理 and 角色与权限 as a city onboards a reporter: the system administrator opens the
/// account (one-time password), the security administrator empowers it, the reporter must change
/// the password before anything else; and the separation of the three administrators holds.
/// </summary>
public sealed class AccountAdminTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_account_is_opened_empowered_and_must_change_its_initial_password(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var sys = await app.LoginAsync("sysadmin");
        var sec = await app.LoginAsync("secadmin");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var lezhi = (await sys.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Code == "ZY-LZ");

        var invalid = await sys.PostAsJsonAsync("/api/admin/accounts", new AccountInput("x", "", 0, "abc", "not-mail", null), ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors;
        Assert.Equal(["displayName", "email", "phone", "unitId", "userName"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("用户名", errors["userName"].Single(), StringComparison.Ordinal);

        var created = await sys.PostAsJsonAsync("/api/admin/accounts", new AccountInput($"lz.{tag}", $"乐至县填报员{tag}", lezhi.Id, "13800000000", $"lz{tag}@example.gov.cn", null), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = (await created.Content.ReadFromJsonAsync<AccountPasswordDto>(ct))!;
        Assert.Matches("^[A-Za-z2-9]{12}$", account.InitialPassword);
        Assert.Equal((string[])[], account.Account.Roles);
        Assert.True(account.Account.MustChangePassword);
        Assert.DoesNotContain("PasswordHash", await (await sys.GetAsync($"/api/admin/accounts/{account.Account.Id}", ct)).Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var taken = await sys.PostAsJsonAsync("/api/admin/accounts", new AccountInput($"LZ.{tag}", "重名", lezhi.Id, null, null, null), ct);
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);

        // The system administrator does not empower; the security administrator does, within the separation rule.
        var access = new AccessInput([Roles.UnitReporter], DataScope.UnitAndBelow, account.Account.Version);
        Assert.Equal(HttpStatusCode.Forbidden, (await sys.PutAsJsonAsync($"/api/admin/accounts/{account.Account.Id}/access", access, ct)).StatusCode);
        var mixed = await sec.PutAsJsonAsync($"/api/admin/accounts/{account.Account.Id}/access", access with { Roles = [Roles.AuditAdmin, Roles.UnitReporter] }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.Contains("三员分立", (await mixed.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors["roles"].Single(), StringComparison.Ordinal);
        var two = await sec.PutAsJsonAsync($"/api/admin/accounts/{account.Account.Id}/access", access with { Roles = [Roles.SystemAdmin, Roles.SecurityAdmin] }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, two.StatusCode);
        var given = await sec.PutAsJsonAsync($"/api/admin/accounts/{account.Account.Id}/access", access, ct);
        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        var empowered = (await given.Content.ReadFromJsonAsync<AccountRow>(ct))!;
        Assert.Equal([Roles.UnitReporter], empowered.Roles);
        Assert.Equal(DataScope.UnitAndBelow, empowered.Scope);
        Assert.Equal(HttpStatusCode.Conflict, (await sec.PutAsJsonAsync($"/api/admin/accounts/{account.Account.Id}/access", access, ct)).StatusCode);

        // First sign-in: nothing but the password change until it is done.
        var reporter = await app.LoginAsync($"lz.{tag}", account.InitialPassword);
        var gated = await reporter.GetAsync("/api/projects", ct);
        Assert.Equal(HttpStatusCode.Forbidden, gated.StatusCode);
        Assert.Contains("初始密码", (await gated.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title, StringComparison.Ordinal);
        var weak = await reporter.PostAsJsonAsync("/api/auth/password", new PasswordChangeInput(account.InitialPassword, "abc", "abc"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("10", (await weak.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors["newPassword"].First(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await reporter.PostAsJsonAsync("/api/auth/password", new PasswordChangeInput(account.InitialPassword, "Lezhi@2026x", "Lezhi@2026x"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync("/api/projects", ct)).StatusCode);

        // Disabled: it cannot sign in again. Enabled and reset: the old password is gone, the new one gated again.
        var row = (await sys.GetFromJsonAsync<AccountRow>($"/api/admin/accounts/{account.Account.Id}", ct))!;
        Assert.Equal(HttpStatusCode.OK, (await sys.PostAsJsonAsync($"/api/admin/accounts/{row.Id}/disable", new AccountVersionInput(row.Version), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, $"lz.{tag}", "Lezhi@2026x")).StatusCode);
        row = (await sys.GetFromJsonAsync<AccountRow>($"/api/admin/accounts/{row.Id}", ct))!;
        Assert.True(row.IsDisabled);
        Assert.Equal(HttpStatusCode.OK, (await sys.PostAsJsonAsync($"/api/admin/accounts/{row.Id}/enable", new AccountVersionInput(row.Version), ct)).StatusCode);
        row = (await sys.GetFromJsonAsync<AccountRow>($"/api/admin/accounts/{row.Id}", ct))!;
        var reset = await sec.PostAsJsonAsync($"/api/admin/accounts/{row.Id}/reset-password", new AccountVersionInput(row.Version), ct);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var fresh = (await reset.Content.ReadFromJsonAsync<AccountPasswordDto>(ct))!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, $"lz.{tag}", "Lezhi@2026x")).StatusCode);
        var again = await app.LoginAsync($"lz.{tag}", fresh.InitialPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/projects", ct)).StatusCode);

        // The list filters and its export.
        var page = await sec.GetFromJsonAsync<Page<AccountRow>>($"/api/admin/accounts?q={tag}&role={Roles.UnitReporter}&unitId={lezhi.Id}", ct);
        Assert.Equal($"lz.{tag}", Assert.Single(page!.Items).UserName);
        Assert.Empty((await sec.GetFromJsonAsync<Page<AccountRow>>($"/api/admin/accounts?q={tag}&status=disabled", ct))!.Items);
        var bytes = await sys.GetByteArrayAsync($"/api/admin/accounts/xlsx?q={tag}", ct);
        var exported = Assert.Single(ExcelFiles.Read(bytes));
        Assert.Equal(("单位填报员", "本单位及下级", "待修改初始密码"), ((string?)exported["角色"], (string?)exported["数据范围"], (string?)exported["状态"]));
    }

    [Fact]
    public async Task Nobody_changes_their_own_access_and_the_last_administrator_stays()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var sec = await app.LoginAsync("secadmin");
        var sys = await app.LoginAsync("sysadmin");
        var me = (await sec.GetFromJsonAsync<Page<AccountRow>>("/api/admin/accounts?q=secadmin", ct))!.Items.Single(a => a.UserName == "secadmin");
        Assert.Equal(HttpStatusCode.Forbidden, (await sec.PutAsJsonAsync($"/api/admin/accounts/{me.Id}/access", new AccessInput([Roles.SecurityAdmin], DataScope.All, me.Version), ct)).StatusCode);
        var audit = (await sys.GetFromJsonAsync<Page<AccountRow>>("/api/admin/accounts?q=auditadmin", ct))!.Items.Single(a => a.UserName == "auditadmin");
        var disable = await sys.PostAsJsonAsync($"/api/admin/accounts/{audit.Id}/disable", new AccountVersionInput(audit.Version), ct);
        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Contains("最后一个", (await disable.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_last_holder_of_an_administrator_role_keeps_it_until_a_second_one_holds_it(DatabaseProvider provider)
    {
        // A city of its own: a second audit administrator in the shared app would let other tests take the "last" one's role.
        await using var app = await TestApp.StartAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var sys = await app.LoginAsync("sysadmin");
        var sec = await app.LoginAsync("secadmin");
        foreach (var name in (string[])["auditadmin", "sysadmin"])
        {
            var only = await AccountAsync(sec, name);
            var refused = await sec.PutAsJsonAsync($"/api/admin/accounts/{only.Id}/access", new AccessInput([], only.Scope, only.Version), ct);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("最后一个", (await refused.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title, StringComparison.Ordinal);
            Assert.NotEmpty((await AccountAsync(sec, name)).Roles);
        }

        // A second audit administrator: now the first may give the role up, and the second is the last.
        var audit = await AccountAsync(sec, "auditadmin");
        var created = await sys.PostAsJsonAsync("/api/admin/accounts", new AccountInput("audit.second", "第二审计管理员", audit.UnitId, null, null, null), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var second = (await created.Content.ReadFromJsonAsync<AccountPasswordDto>(ct))!.Account;
        Assert.Equal(HttpStatusCode.OK, (await sec.PutAsJsonAsync($"/api/admin/accounts/{second.Id}/access", new AccessInput([Roles.AuditAdmin], audit.Scope, second.Version), ct)).StatusCode);
        var givenUp = await sec.PutAsJsonAsync($"/api/admin/accounts/{audit.Id}/access", new AccessInput([], audit.Scope, audit.Version), ct);
        Assert.Equal(HttpStatusCode.OK, givenUp.StatusCode);
        Assert.Empty((await givenUp.Content.ReadFromJsonAsync<AccountRow>(ct))!.Roles);
        second = await AccountAsync(sec, "audit.second");
        Assert.Equal(HttpStatusCode.Conflict, (await sec.PutAsJsonAsync($"/api/admin/accounts/{second.Id}/access", new AccessInput([], second.Scope, second.Version), ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_locked_account_signs_in_again_once_the_security_administrator_unlocks_it(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var sys = await app.LoginAsync("sysadmin");
        var sec = await app.LoginAsync("secadmin");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var lezhi = (await sys.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Code == "ZY-LZ");
        async Task<(string UserName, string Password)> CreateAsync(string userName)
        {
            var created = await sys.PostAsJsonAsync("/api/admin/accounts", new AccountInput(userName, $"锁定测试{userName}", lezhi.Id, null, null, null), ct);
            return (userName, (await created.Content.ReadFromJsonAsync<AccountPasswordDto>(ct))!.InitialPassword);
        }

        var (userName, password) = await CreateAsync($"lk.{tag}");

        async Task LockAsync()
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.NotEqual(HttpStatusCode.NoContent, (await SignInAsync(app, userName, "Wrong@2024x")).StatusCode);
            }

            var locked = await SignInAsync(app, userName, password);
            Assert.Equal(HttpStatusCode.Locked, locked.StatusCode); // even with the right password
            Assert.True((await AccountAsync(sec, userName)).IsLockedOut);
        }

        // Through the API.
        await LockAsync();
        var row = await AccountAsync(sec, userName);
        Assert.Equal(HttpStatusCode.Forbidden, (await sys.PostAsJsonAsync($"/api/admin/accounts/{row.Id}/unlock", new AccountVersionInput(row.Version), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sec.PostAsJsonAsync($"/api/admin/accounts/{row.Id}/unlock", new AccountVersionInput(row.Version), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(app, userName, password)).StatusCode);

        // Through the account page, on a second account: the first has spent its failed sign-ins of this minute (SignInThrottle).
        (userName, password) = await CreateAsync($"lk2.{tag}");
        await LockAsync();
        row = await AccountAsync(sec, userName);
        var page = await sec.GetStringAsync($"/admin/accounts/{row.Id}", ct);
        Assert.Contains("id=\"account-unlock\"", page, StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "unlock",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value),
            ["version"] = row.Version!,
        });
        Assert.Equal(HttpStatusCode.OK, (await sec.PostAsync($"/admin/accounts/{row.Id}", form, ct)).StatusCode);
        Assert.False((await AccountAsync(sec, userName)).IsLockedOut);
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(app, userName, password)).StatusCode);
    }

    private static async Task<AccountRow> AccountAsync(HttpClient admin, string userName) =>
        (await admin.GetFromJsonAsync<Page<AccountRow>>($"/api/admin/accounts?q={userName}", TestContext.Current.CancellationToken))!.Items.Single(a => a.UserName == userName);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_three_administrators_neither_write_nor_read_business_data(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N")[..6];
        int project, problem, item, submission;
        long report;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            project = await db.Set<KeyProject>().MinAsync(p => p.Id, ct);
            report = await db.Set<ProgressReport>().MinAsync(r => r.Id, ct);
            problem = await db.Set<Problem>().MinAsync(p => p.Id, ct);
            item = await db.Set<SupervisionItem>().MinAsync(i => i.Id, ct);
            submission = await db.Set<ReviewSubmission>().MinAsync(s => s.Id, ct);
        }

        // Real bodies where a form is easy to fill, so the refusal is the role's and not the binder's.
        var lezhi = await FlowClient.UnitIdAsync(app, DemoUnits.Lezhi);
        var writes = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Post, "/api/projects", Data.ConcurrencyTests.NewProject($"SEP-{tag}", lezhi)),
            (HttpMethod.Put, $"/api/projects/{project}", Data.ConcurrencyTests.NewProject($"SEP-{tag}", lezhi)),
            (HttpMethod.Post, $"/api/projects/{project}/archive", new VersionInput(1)),
            (HttpMethod.Post, "/api/progress-reports", new { keyProjectId = project, year = 2079, month = 1 }),
            (HttpMethod.Post, $"/api/progress-reports/{report}/accept", new VersionInput(1)),
            (HttpMethod.Post, "/api/problems", new { title = $"越权 {tag}", unitId = lezhi }),
            (HttpMethod.Post, $"/api/problems/{problem}/answer", new { status = "Resolved", answer = "越权", version = 1 }),
            (HttpMethod.Post, "/api/supervision-items", new { title = $"越权 {tag}", unitId = lezhi }),
            (HttpMethod.Put, $"/api/supervision-items/{item}", new { title = $"越权 {tag}", unitId = lezhi }),
            (HttpMethod.Post, $"/api/supervision-items/{item}/actions", new { action = "Close" }),
            (HttpMethod.Post, "/api/indicators", new { name = $"越权 {tag}" }),
            (HttpMethod.Post, "/api/indicator-values", new { value = 1 }),
            (HttpMethod.Post, "/api/review-campaigns", new { title = $"越权 {tag}", year = 2079 }),
            (HttpMethod.Post, $"/api/review-submissions/{submission}/comments", new { text = "越权" }),
            (HttpMethod.Post, $"/api/review-submissions/{submission}/submit", new VersionInput(1)),
            (HttpMethod.Post, "/api/reader/documents", new ReaderDocumentInput("管理员上传", 2079, "资阳市重点项目120个。")),
            (HttpMethod.Post, "/api/reader/proposals/1/accept", new { version = 1 }),
            (HttpMethod.Post, "/api/reader/proposals/1/reject", new { version = 1 }),
            (HttpMethod.Post, "/api/milestones", new { title = $"越权 {tag}" }),
            (HttpMethod.Post, "/api/meetings", new { title = $"越权 {tag}" }),
            (HttpMethod.Post, "/api/goals", new { title = $"越权 {tag}" }),
            (HttpMethod.Post, "/api/plan-years", new { year = 2079, title = "越权" }),
            (HttpMethod.Post, "/api/reporting-windows", new { year = 2079, month = 1 }),
            (HttpMethod.Post, "/api/portal/reviews", new { kind = "Project", id = project, note = "越权" }),
            (HttpMethod.Post, "/api/portal/reviews/1/decision", new { action = "Approve", version = 1 }),
            (HttpMethod.Post, "/api/portal/withdraw", new { kind = "Project", id = project, version = 1 }),
        };
        string[] imports = ["/api/imports/projects", "/api/imports/annual-plan", "/api/imports/progress", "/api/indicator-excel/indicators", "/api/indicator-excel/values", "/api/supervision-items/import", "/api/reader/documents/file"];
        string[] reads = ["/api/projects", "/api/problems", "/api/progress-reports", "/api/supervision-items", "/api/indicators", "/api/review-campaigns", "/api/cockpit", "/api/bulletin?year=2023&month=11", "/api/reader/documents", "/api/meetings", "/api/milestones", "/api/portal/reviews"];

        foreach (var userName in DemoAccounts.All.Where(a => Roles.IsAdministrator(a.Role)).Select(a => a.UserName))
        {
            var admin = await app.LoginAsync(userName);
            foreach (var (method, path, body) in writes)
            {
                using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
                Assert.True(HttpStatusCode.Forbidden == (await admin.SendAsync(request, ct)).StatusCode, $"{userName} {method} {path}");
            }

            // Refused at the role gate, before any handler, and still in words the user reads.
            var refusal = await admin.PostAsJsonAsync("/api/projects", Data.ConcurrencyTests.NewProject($"SEP-{tag}", lezhi), ct);
            Assert.Equal("您的角色无权执行此操作。", (await refusal.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title);

            foreach (var path in imports)
            {
                using var upload = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "x.xlsx" } };
                Assert.True(HttpStatusCode.Forbidden == (await admin.PostAsync(path, upload, ct)).StatusCode, $"{userName} POST {path}");
            }

            foreach (var path in reads)
            {
                Assert.True(HttpStatusCode.Forbidden == (await admin.GetAsync(path, ct)).StatusCode, $"{userName} GET {path}");
            }

            // The pages as well, and the home page shows the administrator's duties instead of the city's figures.
            var page = await admin.GetAsync("/projects", ct);
            Assert.Equal(HttpStatusCode.Found, page.StatusCode);
            Assert.StartsWith("/account/denied", page.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            var home = await admin.GetStringAsync("/", ct);
            Assert.Contains("id=\"admin-home\"", home, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"stat-projects\"", home, StringComparison.Ordinal);
        }

        using var check = app.SystemScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<BlueprintDb>().Set<KeyProject>().AnyAsync(p => p.Code == $"SEP-{tag}", ct));
    }

    [Fact]
    public void An_account_holds_one_administrator_role_alone_or_business_roles_only()
    {
        foreach (var admin in Roles.Administrators)
        {
            Assert.Null(RoleSeparation.Check([admin]));
            Assert.All(Roles.Administrators.Where(r => r != admin), other => Assert.Equal("Access.TwoAdministratorRoles", RoleSeparation.Check([admin, other])));
            Assert.All(Roles.Business, business => Assert.Equal("Access.AdministratorWithBusinessRole", RoleSeparation.Check([business, admin])));
        }

        Assert.Equal("Access.TwoAdministratorRoles", RoleSeparation.Check([.. Roles.Administrators]));
        Assert.Null(RoleSeparation.Check([.. Roles.Business]));
        Assert.Null(RoleSeparation.Check([]));
        Assert.Equal("Access.RoleUnknown", RoleSeparation.Check(["Root"]));
    }

    [Theory]
    [InlineData(Roles.SystemAdmin)]
    [InlineData(Roles.ProjectOffice)]
    [InlineData(Roles.Leader)]
    public async Task An_administrator_is_given_no_second_role_on_the_api(string second)
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var sec = await app.LoginAsync("secadmin");
        var audit = (await sec.GetFromJsonAsync<Page<AccountRow>>("/api/admin/accounts?q=auditadmin", ct))!.Items.Single(a => a.UserName == "auditadmin");

        var refused = await sec.PutAsJsonAsync($"/api/admin/accounts/{audit.Id}/access", new AccessInput([Roles.AuditAdmin, second], audit.Scope, audit.Version), ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("三员分立", (await refused.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors["roles"].Single(), StringComparison.Ordinal);
        Assert.Equal([Roles.AuditAdmin], (await sec.GetFromJsonAsync<AccountRow>($"/api/admin/accounts/{audit.Id}", ct))!.Roles);
    }

    [Theory]
    [InlineData("anyue.reporter", new[] { "nav-projects", "nav-proposals", "nav-progress" }, new[] { "nav-reader", "nav-admin", "nav-audit", "nav-portalreviews" })]
    [InlineData("project.office", new[] { "nav-projects", "nav-proposals", "nav-reader", "nav-portalreviews" }, new[] { "nav-admin", "nav-audit" })]
    [InlineData("sysadmin", new[] { "nav-admin", "nav-units" }, new[] { "nav-projects", "nav-proposals", "nav-reader", "nav-audit", "nav-cockpit", "nav-portalreviews" })]
    [InlineData("auditadmin", new[] { "nav-audit" }, new[] { "nav-projects", "nav-admin" })]
    public async Task The_menu_shows_each_role_only_what_it_may_use(string userName, string[] shown, string[] hidden)
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var client = await app.LoginAsync(userName);
        var html = await client.GetStringAsync("/inbox", TestContext.Current.CancellationToken);
        Assert.All(shown, id => Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal));
        Assert.All(hidden, id => Assert.DoesNotContain($"id=\"{id}\"", html, StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> SignInAsync(TestApp app, string userName, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return await client.PostAsJsonAsync("/api/auth/login", new LoginInput(userName, password), TestContext.Current.CancellationToken);
    }
}
