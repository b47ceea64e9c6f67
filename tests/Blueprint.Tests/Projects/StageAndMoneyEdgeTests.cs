using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

public sealed class StageAndMoneyEdgeTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_stage_set_through_the_api_is_recorded_in_the_dated_history(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var units = await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct);
        var input = Data.ConcurrencyTests.NewProject($"ST-{provider}", units!.Single(u => u.Code == "ZY-LZ").Id) with { Stage = ProjectStage.Started, ActualStart = new DateOnly(2024, 3, 18) };
        var project = await (await office.PostAsJsonAsync("/api/projects", input, ct)).Content.ReadFromJsonAsync<KeyProjectDto>(ct);
        var completed = input with { Stage = ProjectStage.Completed, ActualCompletion = new DateOnly(2025, 6, 30), Version = project!.Version };
        (await office.PutAsJsonAsync($"/api/projects/{project.Id}", completed, ct)).EnsureSuccessStatusCode();
        var unchanged = completed with { Name = "只改名称", Version = project.Version + 1 };
        (await office.PutAsJsonAsync($"/api/projects/{project.Id}", unchanged, ct)).EnsureSuccessStatusCode();

        // Read the history straight from the database: other tests add thousands of stage changes,
        // so this project's rows need not be on the first page of the API list.
        using var scope = app.SystemScope();
        var history = (await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<ProjectStageChange>()
            .Where(s => s.KeyProjectId == project.Id).OrderBy(s => s.Id)
            .Select(s => new { s.Stage, s.OnDate }).ToListAsync(ct))
            .Select(s => ((int)s.Stage, s.OnDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal([((int)ProjectStage.Started, "2024-03-18"), ((int)ProjectStage.Completed, "2025-06-30")], history);
    }

    [Theory]
    [InlineData("1e28")]
    [InlineData("99999999999999999999999999")]
    [InlineData("1.00001")]
    public void Amounts_too_large_or_finer_than_one_yuan_are_refused_not_crashed(string text)
    {
        Assert.Null(WanInput.Parse(text));
        Assert.True(!XlsxCells.TryNumber(text, out var wan) || !XlsxCells.TryWanToYuan(wan, out _));
    }

    [Fact]
    public void The_largest_accepted_amount_still_converts_exactly() =>
        Assert.True(XlsxCells.TryWanToYuan(XlsxCells.MaxWan, out var yuan) && yuan == 1_000_000_000_000_000_000);
}
