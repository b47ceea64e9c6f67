using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Portal;
using Blueprint.Web.Features.Projects;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Portal;

/// <summary>
/// The public portal: absent unless enabled; when enabled, published records with the bulletin's
/// own figures, and nothing else — to anonymous visitors, with cache headers. Records are
/// published as the offices do it, proposed by one member and approved by another (PortalReviewTests).
/// </summary>
public sealed class PortalTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_portal_is_off_by_default_and_every_route_is_404(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/public", "/public/projects/1", "/public/anything" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path, ct)).StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Published_records_show_with_the_bulletins_figures_and_nothing_else_is_reachable(DatabaseProvider provider)
    {
        // A private app: publishing changes demo rows, which the shared app's other tests read.
        await using var app = await TestApp.StartAsync(provider);
        await using var portal = app.WithWebHostBuilder(b => b.UseSetting(PortalSite.EnabledKey, "true"));
        var ct = TestContext.Current.CancellationToken;
        var (year, month, rows) = await BulletinRowsAsync(app, ct);
        var shown = rows.First(r => r.Figures.Totals.CompletedYearToDate > 0);
        var hidden = rows.First(r => r.KeyProjectId != shown.KeyProjectId);

        await PublishAsync(app, PublicKind.Project, shown.KeyProjectId, ct);
        var (goalId, goalTitle) = await PublishAGoalAsync(app, ct);

        var anonymous = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await anonymous.GetAsync($"/public/projects/{shown.KeyProjectId}", ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(ct);
        var f = shown.Figures;
        Assert.Contains(shown.Name, html, StringComparison.Ordinal);
        Assert.Contains($"data-figure=\"rate\">{Figure.Percent(f.InvestmentCompletionRate)}<", html, StringComparison.Ordinal);
        Assert.Contains($"data-figure=\"schedule\">{Figure.Percent(f.ElapsedSchedule)}<", html, StringComparison.Ordinal);
        Assert.Contains($"data-figure=\"ytd\">{Figure.Wan(f.Totals.CompletedYearToDate)} ", html, StringComparison.Ordinal);
        Assert.Contains($"data-figure=\"plan\">{Figure.Wan(f.Totals.AnnualPlan)} ", html, StringComparison.Ordinal);
        Assert.Contains($"{year}年{month}月末", html, StringComparison.Ordinal);

        // Cache-friendly: public for five minutes, revalidated by ETag, and no cookie.
        Assert.Equal("public, max-age=300", page.Headers.CacheControl?.ToString());
        Assert.NotNull(page.Headers.ETag);
        Assert.False(page.Headers.Contains("Set-Cookie"));
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/public/projects/{shown.KeyProjectId}");
        revalidate.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(revalidate, ct)).StatusCode);

        // Unpublished and nonexistent answer alike.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/public/projects/{hidden.KeyProjectId}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/public/projects/987654", ct)).StatusCode);

        // The home page lists only what is published: no unpublished name and no link to its id.
        var home = await anonymous.GetStringAsync("/public", ct);
        Assert.Contains($"href=\"public/projects/{shown.KeyProjectId}\"", home, StringComparison.Ordinal);
        Assert.Contains(goalTitle, home, StringComparison.Ordinal);
        Assert.Contains($"data-goal=\"{goalId}\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden.Name, home, StringComparison.Ordinal);
        Assert.DoesNotContain($"public/projects/{hidden.KeyProjectId}\"", home, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(home, "data-project=\""));

        // The map (issue 21) shows the published project alone; its photos of accepted months show, no other photo does.
        var map = (await anonymous.GetFromJsonAsync<Blueprint.Web.Features.Map.MapData>("/public/map.json", ct))!;
        Assert.Equal([shown.KeyProjectId], map.Points.Select(p => p.Id));
        Assert.Equal($"public/projects/{shown.KeyProjectId}", map.Points[0].Href);
        var (publicPhoto, hiddenPhoto) = await PhotosAsync(app, shown.KeyProjectId, hidden.KeyProjectId, ct);
        Assert.Contains($"public/photos/{publicPhoto}/thumb", await anonymous.GetStringAsync($"/public/projects/{shown.KeyProjectId}", ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/public/photos/{publicPhoto}/thumb", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/public/photos/{hiddenPhoto}", ct)).StatusCode);

        // The portal opens nothing of the internal app to anonymous visitors.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/projects/{hidden.KeyProjectId}", ct)).StatusCode);
        var internalPage = await anonymous.GetAsync($"/projects/{shown.KeyProjectId}", ct);
        Assert.True(internalPage.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, internalPage.StatusCode.ToString());
        Assert.Contains("login", internalPage.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A photo of an accepted month of each project (the private app's own rows).</summary>
    private static async Task<(int Shown, int Hidden)> PhotosAsync(TestApp app, int shownId, int hiddenId, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        async Task<int> AddAsync(int projectId)
        {
            var report = await db.Set<ProgressReport>().Where(r => r.KeyProjectId == projectId && r.IsCurrent && r.AcceptedAtUtc != null)
                .OrderBy(r => r.Id).Select(r => new { r.Year, r.Month }).FirstOrDefaultAsync(ct) ?? new { Year = 2100, Month = 1 };
            var unitId = await db.Set<KeyProject>().Where(p => p.Id == projectId).Select(p => p.UnitId).SingleAsync(ct);
            var photo = new ProgressPhoto
            {
                KeyProjectId = projectId,
                UnitId = unitId,
                Year = report.Year,
                Month = report.Month,
                FileName = "现场.jpg",
                ContentType = "image/jpeg",
                Content = [0xFF, 0xD8, 0xFF, 0xD9],
                Thumbnail = [0xFF, 0xD8, 0xFF, 0xD9],
                Size = 4,
                Flags = PhotoFlags.NoExif,
                UploadedAtUtc = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            };
            db.Add(photo);
            await db.SaveChangesAsync(ct);
            return photo.Id;
        }

        return (await AddAsync(shownId), await AddAsync(hiddenId));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Publishing_is_a_reviewed_audited_edit_and_a_stale_withdrawal_is_409(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        int milestoneId;
        using (var scope = app.SystemScope())
        {
            // Our own record: the shared demo rows stay as they are.
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var milestone = new Milestone { Date = new DateOnly(2093, 5, 1), Title = $"门户测试大事记-{provider}" };
            db.Add(milestone);
            await db.SaveChangesAsync(ct);
            milestoneId = milestone.Id;
        }

        var reporter = await app.LoginAsync("anyue.reporter");
        var denied = await reporter.PostAsJsonAsync("/api/portal/reviews", new ProposePublishInput(PublicKind.Milestone, milestoneId, null), ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        // Proposed by the supervision office, approved by the project office (decision 0026).
        await PublishAsync(app, PublicKind.Milestone, milestoneId, ct, proposer: "supervision.office", reviewer: "project.office");
        var office = await app.LoginAsync("supervision.office");
        var stale = await office.PostAsJsonAsync("/api/portal/withdraw", new WithdrawInput(PublicKind.Milestone, milestoneId, 1), ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        using var check = app.SystemScope();
        var read = check.ServiceProvider.GetRequiredService<BlueprintDb>();
        Assert.True(await read.Set<Milestone>().Where(m => m.Id == milestoneId).Select(m => m.IsPublic).SingleAsync(ct));
        Assert.Equal(2, await read.Set<Milestone>().Where(m => m.Id == milestoneId).Select(m => m.Version).SingleAsync(ct));
        var key = milestoneId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var audit = await read.Set<AuditRecord>().Where(a => a.Entity == nameof(Milestone) && a.EntityKey == key && a.Action == "Update").SingleAsync(ct);
        Assert.Equal("project.office", audit.UserName);
        Assert.Contains("IsPublic", audit.After, StringComparison.Ordinal);
    }

    /// <summary>Publishes a record as the offices do: one member proposes, another approves.</summary>
    internal static async Task PublishAsync(TestApp app, PublicKind kind, int id, CancellationToken ct, string proposer = "project.office", string reviewer = "supervision.office")
    {
        var proposed = await (await app.LoginAsync(proposer)).PostAsJsonAsync("/api/portal/reviews", new ProposePublishInput(kind, id, "测试公开"), ct);
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var review = (await proposed.Content.ReadFromJsonAsync<PortalReviewDto>(ct))!.Review;
        var approved = await (await app.LoginAsync(reviewer)).PostAsJsonAsync(
            $"/api/portal/reviews/{review.Id}/decision", new PortalDecisionInput(PortalReviewAction.Approve, null, review.Version), ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
    }

    /// <summary>The bulletin's per-project rows for the month the portal shows by default.</summary>
    private static async Task<(int Year, int Month, IReadOnlyList<ProjectBulletinRow> Rows)> BulletinRowsAsync(TestApp app, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var year = await ProjectList.DefaultFiguresYearAsync(db, now, ct);
        var month = ProjectFigures.DefaultMonth(year, now);
        return (year, month, await Bulletin.ByProjectAsync(db, new BulletinQuery(year, month), TimeProvider.System, ct));
    }

    private static async Task<(int Id, string Title)> PublishAGoalAsync(TestApp app, CancellationToken ct)
    {
        Goal goal;
        using (var scope = app.SystemScope())
        {
            goal = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Goal>().AsNoTracking().OrderBy(g => g.Id).FirstAsync(ct);
        }

        await PublishAsync(app, PublicKind.Goal, goal.Id, ct);
        return (goal.Id, goal.Title);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
