using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Units;

namespace Blueprint.Tests.Reviews;

/// <summary>Opens a campaign of the tests' own (own template, own far-future year) through the API, as the office does.</summary>
internal static class ReviewArrange
{
    public static readonly string[] SectionKeys = ["results", "problems", "measures"];

    public static async Task<Dictionary<string, int>> UnitsAsync(HttpClient client, CancellationToken ct) =>
        (await client.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.ToDictionary(u => u.Code, u => u.Id);

    public static async Task<ReviewCampaignDto> OpenAsync(HttpClient office, int year, string tag, IEnumerable<int> unitIds, CancellationToken ct)
    {
        var template = await (await office.PostAsJsonAsync("/api/review-templates", new TemplateInput($"测试模板 {tag}",
        [
            new("results", "主要成绩", "用数据说话"),
            new("problems", "存在的主要问题", null),
            new("measures", "主要措施", null),
        ]), ct)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ReviewTemplateDto>(ct);
        var campaign = await (await office.PostAsJsonAsync("/api/review-campaigns",
            new CampaignInput(year, $"{year}年务虚会 {tag}", template!.Id, new DateOnly(year, 11, 30), new DateOnly(year, 12, 4), [.. unitIds]), ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ReviewCampaignDto>(ct);
        return (await office.GetFromJsonAsync<ReviewCampaignDto>($"/api/review-campaigns/{campaign!.Id}", ct))!;
    }
}
