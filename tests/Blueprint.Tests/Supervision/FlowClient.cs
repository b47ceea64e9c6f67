using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Supervision;

/// <summary>Arranging supervision items through the API, as the office and the units do.</summary>
internal static class FlowClient
{
    private static int _sequence;

    /// <summary>A case number no other test uses (years 2090–2099 are test data).</summary>
    public static string CaseNumber(string tag, DatabaseProvider provider) =>
        $"T-{tag}-{provider}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid().ToString("N")[..6]}";

    public static async Task<int> UnitIdAsync(TestApp app, string code)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Unit>().Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    public static async Task<int> UserIdAsync(TestApp app, string userName)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<User>().Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    public static SupervisionItemInput Input(string caseNumber, int unitId, params int[] coUnits) =>
        new($"测试督办事项 {caseNumber}", SupervisionSource.LeaderInstruction, "市政府主要领导批示：请限期完成。", unitId, new DateOnly(2090, 6, 30),
            FeedbackCadence.Monthly, coUnits, caseNumber);

    public static async Task<SupervisionDetailDto> CreateAsync(HttpClient office, SupervisionItemInput input)
    {
        var response = await office.PostAsJsonAsync("/api/supervision-items", input, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<SupervisionDetailDto>(TestContext.Current.CancellationToken))!;
    }

    public static Task<HttpResponseMessage> ActAsync(HttpClient client, int id, SupervisionActionInput input) =>
        client.PostAsJsonAsync($"/api/supervision-items/{id}/actions", input, TestContext.Current.CancellationToken);

    /// <summary>Runs an action that must succeed and returns the item after it.</summary>
    public static async Task<SupervisionDetailDto> DoAsync(HttpClient client, int id, SupervisionActionInput input)
    {
        var response = await ActAsync(client, id, input);
        Assert.True(response.IsSuccessStatusCode, $"{input.Action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<SupervisionDetailDto>(TestContext.Current.CancellationToken))!;
    }

    public static async Task<SupervisionDetailDto> GetAsync(HttpClient client, int id) =>
        (await client.GetFromJsonAsync<SupervisionDetailDto>($"/api/supervision-items/{id}", TestContext.Current.CancellationToken))!;

    /// <summary>The inbox entries one step produced (their dedup key is built from the step id).</summary>
    public static async Task<List<(int UserId, NotificationKind Kind)>> NotificationsOfStepAsync(TestApp app, long stepId)
    {
        using var scope = app.SystemScope();
        var prefix = $"sup-step:{stepId}:";
        return [.. (await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Notification>()
            .Where(n => n.DedupKey!.StartsWith(prefix)).Select(n => new { n.UserId, n.Kind }).ToListAsync()).Select(n => (n.UserId, n.Kind))];
    }
}
