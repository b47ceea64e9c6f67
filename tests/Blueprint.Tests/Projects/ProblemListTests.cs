using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>
/// The cross-project problem list and the responsible side's answer, through the API. Each test
/// makes its own problems, tagged so that filters on the tag see nothing else; deadlines are
/// far in the past (overdue whatever today is) or far in the future.
/// </summary>
public sealed class ProblemListTests(Apps apps)
{
    private static readonly DateOnly LongAgo = new(2001, 1, 1), FarAhead = new(2094, 12, 31);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Filters_paging_overdue_marking_and_export(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var (tag, ids, units) = await ArrangeAsync(app, "F");
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        async Task<Page<ProblemDto>> ListAsync(string filter) =>
            (await office.GetFromJsonAsync<Page<ProblemDto>>($"/api/problems?q={Uri.EscapeDataString(tag)}&{filter}", ct))!;

        var all = await ListAsync("");
        Assert.Equal(4, all.Total);
        Assert.Equal([ids.Overdue], all.Items.Where(p => p.IsOverdue).Select(p => p.Id));

        Assert.Equal([ids.Overdue], (await ListAsync("overdue=true")).Items.Select(p => p.Id));
        Assert.Equal(3, (await ListAsync("overdue=false")).Total);
        Same([ids.Overdue, ids.Resolved], (await ListAsync("kind=Land")).Items.Select(p => p.Id));
        Assert.Equal([ids.Resolved], (await ListAsync("status=Resolved")).Items.Select(p => p.Id));
        Same([ids.Overdue, ids.Open], (await ListAsync($"unitId={units.Lezhi}")).Items.Select(p => p.Id));
        Same([ids.Overdue, ids.Open], (await ListAsync($"leader={Uri.EscapeDataString("协调领导" + tag)}")).Items.Select(p => p.Id));

        // The text filter also finds a problem by its project's code.
        var byProject = await office.GetFromJsonAsync<Page<ProblemDto>>($"/api/problems?q=PJ-{tag}", ct);
        var found = Assert.Single(byProject!.Items);
        Assert.Equal((ids.Overdue, $"问题测试项目{tag}", "乐至县"), (found.Id, found.ProjectName, found.UnitName));

        var page = await ListAsync("pageSize=3&page=2");
        Assert.Equal((4, 1, 2), (page.Total, page.Items.Count, page.PageNumber));

        var bytes = await office.GetByteArrayAsync($"/api/problems/xlsx?q={Uri.EscapeDataString(tag)}&overdue=true", ct);
        var rows = ExcelFiles.Read(bytes);
        var row = Assert.Single(rows);
        Assert.Equal("逾期", row["是否逾期"]);
        Assert.Equal("用地", row["类别"]);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_county_lists_and_answers_only_its_own_problems(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var (tag, ids, _) = await ArrangeAsync(app, "S");
        var ct = TestContext.Current.CancellationToken;
        var lezhi = await app.LoginAsync("lezhi.reporter");
        var anyue = await app.LoginAsync("anyue.reporter");

        var own = await lezhi.GetFromJsonAsync<Page<ProblemDto>>($"/api/problems?q={Uri.EscapeDataString(tag)}", ct);
        Same([ids.Overdue, ids.Open], own!.Items.Select(p => p.Id));

        var foreign = await anyue.PostAsJsonAsync($"/api/problems/{ids.Open}/answer", new ProblemAnswerInput(ProblemStatus.Resolved, "已协调", 1), ct);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Cannot_solve_now_requires_an_explanation_and_closes_the_problem(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var (_, ids, _) = await ArrangeAsync(app, "A");
        var ct = TestContext.Current.CancellationToken;
        var reporter = await app.LoginAsync("lezhi.reporter");
        var url = $"/api/problems/{ids.Overdue}/answer";

        var unexplained = await reporter.PostAsJsonAsync(url, new ProblemAnswerInput(ProblemStatus.CannotSolveNow, "  ", 1), ct);
        Assert.Equal(HttpStatusCode.BadRequest, unexplained.StatusCode);
        var body = await unexplained.Content.ReadAsStringAsync(ct);
        Assert.Contains("\"answer\"", body, StringComparison.Ordinal);
        Assert.Contains("暂不能解决", body, StringComparison.Ordinal);

        var noHow = await reporter.PostAsJsonAsync(url, new ProblemAnswerInput(ProblemStatus.Resolved, null, 1), ct);
        Assert.Contains("解决方式", await noHow.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var notAnAnswer = await reporter.PostAsJsonAsync(url, new ProblemAnswerInput(ProblemStatus.Open, "还在办", 1), ct);
        Assert.Contains("\"status\"", await notAnAnswer.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var answered = await reporter.PostAsJsonAsync(url, new ProblemAnswerInput(ProblemStatus.CannotSolveNow, "受国家用地政策限制，待明年指标下达后解决。", 1), ct);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var dto = (await answered.Content.ReadFromJsonAsync<ProblemDto>(ct))!;
        Assert.Equal((ProblemStatus.CannotSolveNow, false, 2), (dto.Status, dto.IsOverdue, dto.Version));
        Assert.NotNull(dto.ClosedAtUtc);
        Assert.StartsWith("受国家用地政策限制", dto.Answer, StringComparison.Ordinal);

        // An answer written against the old version is a conflict, not a silent overwrite.
        var stale = await reporter.PostAsJsonAsync(url, new ProblemAnswerInput(ProblemStatus.Resolved, "已解决", 1), ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task The_pages_mark_overdue_problems_and_render_the_bulletin()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var (tag, ids, _) = await ArrangeAsync(app, "P");
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");

        var list = await office.GetStringAsync($"/problems?q={Uri.EscapeDataString(tag)}", ct);
        Assert.Contains($"data-problem=\"{ids.Overdue}\"", list, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(list, "tag tag-red overdue"));
        Assert.Contains("共 4 条", list, StringComparison.Ordinal);

        var detail = await office.GetStringAsync($"/problems/{ids.Overdue}", ct);
        Assert.Contains("逾期", detail, StringComparison.Ordinal);
        Assert.Contains("answer-form", detail, StringComparison.Ordinal);

        var bulletin = await office.GetStringAsync("/reports/bulletin?year=2023&month=11", ct);
        Assert.Contains("id=\"bulletin-table\"", bulletin, StringComparison.Ordinal);
        Assert.Contains("合计", bulletin, StringComparison.Ordinal);
        Assert.Contains("id=\"funnel-table\"", bulletin, StringComparison.Ordinal);
        Assert.Contains("api/bulletin/docx?year=2023&amp;month=11", bulletin, StringComparison.Ordinal);
    }

    private static void Same(int[] expected, IEnumerable<int> actual) => Assert.Equal(expected.Order(), actual.Order());

    private sealed record Ids(int Overdue, int Open, int Resolved, int NoDeadline);

    private sealed record Units(int Lezhi, int Anyue);

    /// <summary>Four problems: overdue (乐至, land, with a project), open with a far deadline (乐至),
    /// resolved past its deadline (安岳, land) and open without deadline (安岳).</summary>
    private static async Task<(string Tag, Ids Ids, Units Units)> ArrangeAsync(TestApp app, string test)
    {
        var tag = $"PL{test}{app.Provider}{Guid.NewGuid():N}"[..20];
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var lezhi = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ");
        var anyue = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-AY");
        var project = new KeyProject { Code = $"PJ-{tag}", Name = $"问题测试项目{tag}", UnitId = lezhi.Id, Category = ProjectCategory.Infrastructure };
        var created = TimeProvider.System.GetUtcNow().UtcDateTime;
        Problem New(string title, ProblemKind kind, Unit unit, DateOnly? deadline, ProblemStatus status = ProblemStatus.Open, string? leader = null) => new()
        {
            Title = $"{title}{tag}",
            Kind = kind,
            UnitId = unit.Id,
            Deadline = deadline,
            Status = status,
            CoordinatingLeader = leader,
            Answer = status == ProblemStatus.Open ? null : "已协调解决",
            CreatedAtUtc = created,
        };
        var overdue = New("用地报批滞后", ProblemKind.Land, lezhi, LongAgo, leader: "协调领导" + tag);
        overdue.KeyProject = project;
        Problem[] problems = [overdue, New("资金缺口", ProblemKind.Funds, lezhi, FarAhead, leader: "协调领导" + tag), New("征地已完成", ProblemKind.Land, anyue, LongAgo, ProblemStatus.Resolved), New("其他事项", ProblemKind.Other, anyue, null)];
        db.AddRange(problems);
        await db.SaveChangesAsync();
        return (tag, new Ids(problems[0].Id, problems[1].Id, problems[2].Id, problems[3].Id), new Units(lezhi.Id, anyue.Id));
    }
}
