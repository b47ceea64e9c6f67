using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// Issue 20 item 2: the lists that grow with a province (`/api/indicators`,
/// `/api/progress-reports`) page in the database with a maximum page size; the pages in a row
/// are the whole list, in its order, for a reader of every unit and for a county's reader.
/// Reads the demo years only (indicators of plan year 2024, progress reports of 2023).
/// </summary>
public sealed class ListApiPagingTests(Apps apps)
{
    public static TheoryData<DatabaseProvider, string, string> Lists()
    {
        var data = new TheoryData<DatabaseProvider, string, string>();
        foreach (var provider in Apps.Providers.Select(row => row.Data))
        {
            foreach (var user in (string[])["leader", "anyue.reporter"])
            {
                data.Add(provider, user, "/api/indicators?year=2024");
                data.Add(provider, user, "/api/progress-reports?year=2023");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Pages_in_a_row_are_the_whole_list_in_order(DatabaseProvider provider, string user, string path)
    {
        var app = await apps.GetAsync(provider);
        var client = await app.LoginAsync(user);
        var ct = TestContext.Current.CancellationToken;
        var max = path.StartsWith("/api/indicators", StringComparison.Ordinal) ? IndicatorListQuery.MaxPageSize : Paging.MaxPageSize;

        var whole = await client.GetFromJsonAsync<JsonElement>($"{path}&pageSize={max}", ct);
        var total = whole.GetProperty("total").GetInt32();
        var all = Ids(whole);
        Assert.True(total >= 3, $"{path}: the demo has {total} rows for {user}");
        Assert.Equal(Math.Min(total, max), all.Count);

        const int size = 2;
        var paged = new List<string>();
        for (var page = 1; paged.Count < all.Count; page++)
        {
            var one = await client.GetFromJsonAsync<JsonElement>($"{path}&page={page}&pageSize={size}", ct);
            Assert.Equal(total, one.GetProperty("total").GetInt32());
            Assert.Equal(page, one.GetProperty("pageNumber").GetInt32());
            Assert.Equal(size, one.GetProperty("pageSize").GetInt32());
            var ids = Ids(one);
            Assert.InRange(ids.Count, 1, size);
            paged.AddRange(ids);
        }

        Assert.Equal(all, paged);

        // The last page's total comes from its rows (Paging), a page past the end counts: the same total either way.
        var past = await client.GetFromJsonAsync<JsonElement>($"{path}&page={(total / size) + 2}&pageSize={size}", ct);
        Assert.Empty(Ids(past));
        Assert.Equal(total, past.GetProperty("total").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_page_is_never_larger_than_the_maximum_and_never_empty_by_a_bad_size(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var client = await app.LoginAsync("leader");
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(IndicatorListQuery.MaxPageSize, (await client.GetFromJsonAsync<JsonElement>("/api/indicators?pageSize=100000", ct)).GetProperty("pageSize").GetInt32());
        Assert.Equal(Paging.MaxPageSize, (await client.GetFromJsonAsync<JsonElement>("/api/progress-reports?pageSize=100000", ct)).GetProperty("pageSize").GetInt32());
        Assert.Equal(20, (await client.GetFromJsonAsync<JsonElement>("/api/indicators?pageSize=0", ct)).GetProperty("pageSize").GetInt32());
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/progress-reports?pageSize=0", ct)).GetProperty("pageSize").GetInt32());
        Assert.Equal(30, (await client.GetFromJsonAsync<JsonElement>("/api/indicators?pageSize=30", ct)).GetProperty("pageSize").GetInt32());
    }

    /// <summary>With a light asked, the page holds only that light's rows, in the list's order.</summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_light_filter_pages_the_rows_of_that_light(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var client = await app.LoginAsync("leader");
        var ct = TestContext.Current.CancellationToken;
        var whole = (await client.GetFromJsonAsync<JsonElement>($"/api/indicators?year=2024&pageSize={IndicatorListQuery.MaxPageSize}", ct))
            .GetProperty("items").EnumerateArray().ToList();
        foreach (var light in (string[])["Green", "Yellow", "Red"])
        {
            var expected = whole.Where(i => i.GetProperty("light").ValueKind == JsonValueKind.String && i.GetProperty("light").GetString() == light)
                .Select(i => i.GetProperty("id").GetRawText()).ToList();
            var first = await client.GetFromJsonAsync<JsonElement>($"/api/indicators?year=2024&light={light}&pageSize=2", ct);
            Assert.Equal(expected.Count, first.GetProperty("total").GetInt32());
            Assert.Equal(expected.Take(2), Ids(first));
        }
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetRawText())];
}
