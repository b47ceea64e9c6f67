using System.Diagnostics;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Blueprint.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using RouteAttribute = Microsoft.AspNetCore.Components.RouteAttribute;

namespace Blueprint.BrowserTests;

/// <summary>The demo server with the public portal switched on, so that the crawler reaches the portal's pages too.</summary>
public sealed class CrawlerFixture() : BrowserFixture(seedDemo: true, liveDemo: false, portal: true);

/// <summary>
/// Every page, every role (issue 19, decision 0036): the routes are the app's own (the <c>@page</c>
/// templates of its components, read by reflection), so a page added later is crawled without a
/// line here. Each demo role signs in once and visits, at 1440 × 900 in Chinese, every page its
/// role may open (by the page's own <c>[Authorize]</c>), and the detail pages behind the first link
/// to each parameterised route it finds on the way. Every page is visited once more at 375 × 812, in
/// English, by the first role that opened it. A page fails on a console error or a CSP violation, a
/// 5xx, a document wider than the viewport, a table wider than its box, text that looks like a
/// resource key or a code name, a chart without data and without an empty-state text, or a link to
/// a page the role cannot open. Screenshots are kept under <c>artifacts/screenshots/crawl/</c>;
/// with <c>BLUEPRINT_DOCS_SCREENSHOTS</c> set to a directory, the README's screenshots are written there too.
/// </summary>
public sealed class CrawlerTests(CrawlerFixture browser) : IClassFixture<CrawlerFixture>
{
    /// <summary>One demo account per role, in crawl order: the first role that opens a page also takes it at 375 px.</summary>
    private static readonly string[] Accounts =
        ["project.office", "supervision.office", "leader", "anyue.reporter", "anyue.leader", "sysadmin", "secadmin", "auditadmin"];

    /// <summary>Screenshots for the README (item 4 of issue 19): a page's template, who shows it, and the file name.</summary>
    private static readonly (string Template, string Account, string Name)[] DocsShots =
    [
        ("/cockpit", "leader", "cockpit"),
        ("/projects", "project.office", "projects"),
        ("/progress/{ProjectId:int}/{Year:int}/{Month:int}", "anyue.reporter", "progress-form"),
        ("/reports/bulletin", "project.office", "bulletin"),
    ];

    /// <summary>Record kinds the demo city has none of (no proposal, no reader document, nothing published): no link can lead there.</summary>
    private static readonly string[] NotInTheDemo =
    [
        "/projects/proposals/{Id:int}", "/projects/proposals/{ProposalId:int}/edit", "/reader/{Id:int}", "/portal/reviews/{Id:int}", "/public/projects/{Id:int}",
    ];

    private static readonly string[] NotPages = ["/api/", "/culture/", "/account/logout", "/lib/", "/css/", "/js/", "/docs", "/openapi/", "/_framework/", "/health", "/metrics"];

    public static string CrawlDirectory { get; } = Path.Combine(BrowserFixture.ScreenshotDirectory, "crawl");

    [Fact]
    public async Task Every_page_of_every_role_is_clean_at_1440_and_375_px()
    {
        BrowserFixture.RequireChromium();
        Directory.CreateDirectory(CrawlDirectory);
        var clock = Stopwatch.StartNew();
        var routes = PageRoute.All();
        var problems = new List<string>();
        var narrowDone = new HashSet<string>();
        var visited = new Dictionary<string, HashSet<string>>();
        var log = new StringBuilder();

        var anonymous = await CrawlAsync(null, routes, narrowDone, problems, log);
        visited["(anonymous)"] = anonymous;
        foreach (var account in Accounts)
        {
            visited[account] = await CrawlAsync(account, routes, narrowDone, problems, log);
        }

        // Detail pages included: every parameterised route was reached through a link by some role.
        foreach (var route in routes.Where(r => r.HasParameters))
        {
            if (!visited.Values.Any(v => v.Contains(route.Template)) && !NotInTheDemo.Contains(route.Template))
            {
                problems.Add($"{route.Template}: no role found a link to it, so it was not crawled");
            }
        }

        log.AppendLine($"crawl took {clock.Elapsed.TotalSeconds:F0} s, {problems.Count} problems");
        await File.WriteAllTextAsync(Path.Combine(CrawlDirectory, "crawl.txt"), log.ToString() + string.Join('\n', problems), TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage($"Crawler: {clock.Elapsed.TotalSeconds:F0} s, {problems.Count} problems; log {Path.Combine(CrawlDirectory, "crawl.txt")}");
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join('\n', problems));
    }

    /// <summary>One role: sign in, then visit its pages breadth-first, in Chinese at 1440 px, then its new pages in English at 375 px.</summary>
    private async Task<HashSet<string>> CrawlAsync(string? account, IReadOnlyList<PageRoute> routes, HashSet<string> narrowDone, List<string> problems, StringBuilder log)
    {
        var who = account ?? "(anonymous)";
        var clock = Stopwatch.StartNew();
        var principal = account is null ? new ClaimsPrincipal(new ClaimsIdentity()) : await PrincipalAsync(account);
        var endpoints = Endpoints();
        var allowed = new Dictionary<PageRoute, bool>();
        foreach (var route in routes)
        {
            allowed[route] = await route.AllowsAsync(browser.Server.Services, principal);
        }

        var page = await browser.NewPageAsync(1440, 900);
        var seen = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                seen.Add("console error: " + message.Text);
            }
        };
        page.PageError += (_, error) => seen.Add("script error: " + error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                seen.Add($"{response.Status} for {response.Url}");
            }
        };

        if (account is not null)
        {
            await page.GotoAsync("/account/login");
            await BrowserFixture.SignInAsync(page, account);
        }

        // An address that names nothing: a page in the layout for people, ProblemDetails in Chinese for the API.
        var missing = await page.GotoAsync("/no-such-page/crawler");
        if (missing?.Status != 404 || await page.Locator("#not-found").CountAsync() == 0)
        {
            problems.Add($"{who} /no-such-page/crawler: answered {missing?.Status} without the page-not-found page");
        }

        var api = await page.Context.APIRequest.GetAsync("/api/no-such-endpoint", new() { MaxRedirects = 0 });
        var apiText = await api.TextAsync();
        if (api.Status != 404 || !api.Headers.GetValueOrDefault("content-type", "").Contains("problem+json", StringComparison.Ordinal)
            || !apiText.Contains("未找到", StringComparison.Ordinal))
        {
            problems.Add($"{who} /api/no-such-endpoint: answered {api.Status} {api.Headers.GetValueOrDefault("content-type", "")}: {apiText[..Math.Min(120, apiText.Length)]}");
        }

        var queue = new Queue<(string Url, PageRoute Route)>(routes.Where(r => !r.HasParameters && allowed[r] && r.Template != "/account/login").Select(r => (r.Template, r)));
        var queued = new HashSet<string>(queue.Select(q => q.Route.Template));
        var checkedLinks = new HashSet<string>();
        var crawled = new HashSet<string>();
        var mine = new List<(string Url, PageRoute Route)>();

        while (queue.TryDequeue(out var next))
        {
            seen.Clear();
            var (url, route) = next;
            var where = $"{who} {url} (1440 zh)";
            var response = await page.GotoAsync(url);
            var status = response?.Status ?? 0;
            if (status is 403 or 404 || await page.Locator("#access-denied").CountAsync() > 0)
            {
                // The page's own rules say no (a record it may not open, a feature switched off): not crawled, not a link of the role's.
                log.AppendLine($"{who} {url}: {status}, not crawled");
                continue;
            }

            if (status != 200)
            {
                problems.Add($"{where}: answered {status}");
                continue;
            }

            crawled.Add(route.Template);
            var report = await CheckAsync(page, where, problems, seen);
            foreach (var link in report.Links)
            {
                var target = new Uri(link);
                var path = target.AbsolutePath;
                if (NotPages.Any(p => path.StartsWith(p, StringComparison.Ordinal)) || Path.HasExtension(path))
                {
                    continue;
                }

                var linked = routes.FirstOrDefault(r => r.Matches(path));
                if (linked is null && endpoints.Any(e => e.IsMatch(path)))
                {
                    // a download or an action (an export, the language switch), not a page
                    continue;
                }

                if (linked is null)
                {
                    problems.Add($"{where}: links to {path}, which is no page");
                    continue;
                }

                if (!allowed[linked])
                {
                    // An anonymous visitor's link to a signed-in page leads to the sign-in, as it should.
                    if (account is not null)
                    {
                        problems.Add($"{where}: links to {path}, which {who} may not open");
                    }

                    continue;
                }

                if (linked.HasParameters && checkedLinks.Add(path))
                {
                    var answer = await page.Context.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
                    if (answer.Status != 200)
                    {
                        problems.Add($"{where}: links to {path}, which answers {answer.Status} to {who}");
                    }
                    else if (queued.Add(linked.Template))
                    {
                        queue.Enqueue((path + target.Query, linked));
                    }
                }
            }

            var first = !narrowDone.Contains(route.Template);
            if (first)
            {
                await page.ScreenshotAsync(new() { Path = Path.Combine(CrawlDirectory, $"10-crawl-{FileName(route.Template)}-1440.png"), FullPage = true });
                narrowDone.Add(route.Template);
                mine.Add((url, route));
            }

            foreach (var (template, shotAccount, name) in DocsShots)
            {
                if (template == route.Template && shotAccount == account)
                {
                    await DocsScreenshotsAsync(page, name);
                }
            }
        }

        // The same role's new pages on a phone, in English.
        if (mine.Count > 0)
        {
            await page.GotoAsync("/culture/en-US?returnUrl=%2F");
            await page.SetViewportSizeAsync(375, 812);
            foreach (var (url, route) in mine)
            {
                seen.Clear();
                await page.GotoAsync(url);
                await CheckAsync(page, $"{who} {url} (375 en)", problems, seen);
                await page.ScreenshotAsync(new() { Path = Path.Combine(CrawlDirectory, $"10-crawl-{FileName(route.Template)}-375-en.png"), FullPage = true });
            }
        }

        log.AppendLine($"{who}: {crawled.Count} pages at 1440, {mine.Count} at 375, {checkedLinks.Count} detail links checked, {clock.Elapsed.TotalSeconds:F1} s");
        await page.Context.CloseAsync();
        return crawled;
    }

    private static async Task<PageReport> CheckAsync(IPage page, string where, List<string> problems, List<string> seen)
    {
        // Charts render after ECharts has loaded; wait for them (no fixed sleep).
        await page.WaitForFunctionAsync("() => !document.querySelector('[data-chart]:not([data-chart-ready]),[data-cockpit-chart]:not([data-chart-ready])')");
        var report = await page.EvaluateAsync<PageReport>(CheckScript);
        if (report.ScrollWidth > report.ClientWidth)
        {
            problems.Add($"{where}: the document is {report.ScrollWidth} px wide in a {report.ClientWidth} px window");
        }

        problems.AddRange(report.Tables.Select(t => $"{where}: {t}"));
        problems.AddRange(report.Charts.Select(c => $"{where}: chart {c} has no data and no empty-state text"));
        problems.AddRange(report.Words.Select(w => $"{where}: {w}"));
        problems.AddRange(seen.Distinct().Select(s => $"{where}: {s}"));
        return report;
    }

    private static async Task DocsScreenshotsAsync(IPage page, string name)
    {
        var shots = new[] { (1440, 900), (375, 812) };
        var docs = Environment.GetEnvironmentVariable("BLUEPRINT_DOCS_SCREENSHOTS");
        var number = 11 + (2 * Array.FindIndex(DocsShots, d => d.Name == name));
        foreach (var (width, height) in shots)
        {
            await page.SetViewportSizeAsync(width, height);
            // Let the charts follow the new width (their resize listener) before the picture.
            await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
            var file = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{number + (width == 375 ? 1 : 0)}-{name}-{width}.png");
            // The first screen, as a newcomer sees it (the crawl keeps the full pages).
            await page.ScreenshotAsync(new() { Path = file });
            if (!string.IsNullOrEmpty(docs))
            {
                Directory.CreateDirectory(docs);
                File.Copy(file, Path.Combine(docs, $"{name}-{width}.png"), overwrite: true);
            }
        }

        await page.SetViewportSizeAsync(1440, 900);
    }

    private async Task<ClaimsPrincipal> PrincipalAsync(string account)
    {
        using var scope = browser.Server.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = await users.FindByNameAsync(account) ?? throw new InvalidOperationException($"no demo account {account}");
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<User>>().CreateAsync(user);
    }

    /// <summary>The app's endpoints that are not pages (minimal APIs, exports, account actions), as patterns.</summary>
    private List<Regex> Endpoints() =>
        [.. browser.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is null)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Distinct()
            .Select(p => new Regex("^" + Regex.Replace(Regex.Escape(p).Replace(@"\{", "{"), @"\{[^}]+\}", "[^/]+") + "$"))];

    private static string FileName(string template) =>
        template == "/" ? "home" : Regex.Replace(Regex.Replace(template.Trim('/'), "{[^}]+}", "id"), "[^a-z0-9]+", "-", RegexOptions.IgnoreCase).Trim('-').ToLowerInvariant();

    /// <summary>What the page tells about itself (see <see cref="CheckScript"/>).</summary>
    public sealed class PageReport
    {
        public int ScrollWidth { get; set; }

        public int ClientWidth { get; set; }

        public string[] Words { get; set; } = [];

        public string[] Tables { get; set; } = [];

        public string[] Charts { get; set; } = [];

        public string[] Links { get; set; } = [];
    }

    /// <summary>A routable page of the app: a component's <c>@page</c> template and its authorization.</summary>
    private sealed class PageRoute(string template, Type component)
    {
        private readonly Regex _pattern = new("^" + Regex.Replace(Regex.Escape(template).Replace(@"\{", "{"), @"\{[^}:]+(:int)?\}", m => m.Groups[1].Success ? @"\d+" : "[^/]+") + "$");

        public string Template { get; } = template;

        public bool HasParameters => Template.Contains('{');

        public static IReadOnlyList<PageRoute> All() =>
            [.. typeof(Program).Assembly.GetTypes()
                .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => new PageRoute(r.Template, t)))
                // Where an unknown address is sent (a 404 by design): visited on purpose, not as a page of the product.
                .Where(r => !r.Template.Contains("{*", StringComparison.Ordinal))
                .OrderBy(r => r.Template, StringComparer.Ordinal)];

        public bool Matches(string path) => _pattern.IsMatch(path.Length > 1 ? path.TrimEnd('/') : path);

        public async Task<bool> AllowsAsync(IServiceProvider services, ClaimsPrincipal user)
        {
            var data = component.GetCustomAttributes(inherit: true).OfType<IAuthorizeData>().ToList();
            if (data.Count == 0 || component.GetCustomAttributes(inherit: true).OfType<IAllowAnonymous>().Any())
            {
                return true;
            }

            var policy = await AuthorizationPolicy.CombineAsync(services.GetRequiredService<IAuthorizationPolicyProvider>(), data);
            return policy is null || (await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(user, policy)).Succeeded;
        }

        public override string ToString() => Template;
    }

    /// <summary>
    /// Runs in the page. Text (and placeholders, titles, labels) that looks like a resource key
    /// (<c>Word.Word</c>), a code name (PascalCase), True/False, ∅ or an ISO UTC stamp; tables wider
    /// than a box that does not scroll; charts whose data is empty and that say nothing; the links.
    /// </summary>
    private const string CheckScript = """
        () => {
          const rules = [
            [/\b[A-Z][A-Za-z]*\.[A-Z][A-Za-z]+\b/, 'resource key'],
            [/\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b/, 'code name'],
            [/\b(?:True|False)\b/, 'True/False'],
            [/∅/, '∅'],
            [/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'ISO time stamp'],
          ];
          const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '');
          const words = new Set();
          const look = (text, el) => {
            for (const [rule, what] of rules) {
              const m = rule.exec(text);
              if (m) { words.add(`${what} "${m[0]}" in ${describe(el)}: "${text.trim().slice(0, 80)}"`); }
            }
          };
          const skip = 'script,style,template,noscript,textarea,code,pre,[translate=no]';
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode;
            const el = node.parentElement;
            if (!el || el.closest(skip) || !node.textContent.trim()) { continue; }
            look(node.textContent, el);
          }
          for (const el of document.querySelectorAll('[placeholder],[title],[aria-label],[alt],input[type=submit],input[type=button]')) {
            if (el.closest(skip)) { continue; }
            for (const name of ['placeholder', 'title', 'aria-label', 'alt']) {
              const v = el.getAttribute(name);
              if (v) { look(v, el); }
            }
            if (el.tagName === 'INPUT' && (el.type === 'submit' || el.type === 'button')) { look(el.value, el); }
          }
          const tables = [];
          for (const t of document.querySelectorAll('main table')) {
            if (!t.getClientRects().length) { continue; }
            const right = t.getBoundingClientRect().right;
            for (let a = t.parentElement; a && a !== document.documentElement; a = a.parentElement) {
              const ox = getComputedStyle(a).overflowX;
              if (ox === 'auto' || ox === 'scroll') { break; }
              if (right > a.getBoundingClientRect().right + 1) {
                tables.push(`table ${describe(t)} (${Math.round(t.getBoundingClientRect().width)} px) is wider than ${describe(a)} (${Math.round(a.getBoundingClientRect().width)} px), which does not scroll`);
                break;
              }
            }
          }
          const hasData = d => {
            if (!d) { return false; }
            if (Array.isArray(d.steps)) { return d.steps.some(s => s.value > 0); }
            if (Array.isArray(d.units) && d.units.length === 0) { return false; }
            if (Array.isArray(d.labels) && d.labels.length === 0) { return false; }
            if (Array.isArray(d.values)) { return d.values.some(v => v != null); }
            if (Array.isArray(d.series)) { return d.series.some(s => (s.values || []).some(v => v != null)); }
            return true;
          };
          const charts = [];
          for (const el of document.querySelectorAll('[data-chart],[data-cockpit-chart]')) {
            let data = null;
            try { data = JSON.parse(el.getAttribute('data-chart-data')); } catch (e) { }
            if (!hasData(data) && !el.innerText.trim()) { charts.push(describe(el)); }
          }
          const links = [...new Set([...document.querySelectorAll('a[href]')]
            .map(a => a.href.split('#')[0])
            .filter(h => h.startsWith(location.origin + '/')))];
          return {
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
            words: [...words], tables, charts, links,
          };
        }
        """;
}
