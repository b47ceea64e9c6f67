using System.Net;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;

namespace Blueprint.Tests.Pages;

/// <summary>
/// A page whose address carries a value it cannot read (an edited or truncated link) answers
/// 400 with the parameter named in words, not a 500 "unexpected error".
/// </summary>
public sealed class BadQueryTests(Apps apps)
{
    public static readonly TheoryData<string, string> Links = new()
    {
        { "/supervision?overdueOn=abc", "overdueOn" },
        { "/supervision?deadlineFrom=2023-13-40", "deadlineFrom" },
        { "/problems?status=Open&asOf=yesterday", "asOf" },
        { "/cockpit?year=abc", "year" },
        { "/supervision/rankings?page=two", "page" },
    };

    [Theory]
    [MemberData(nameof(Links))]
    public async Task An_unreadable_address_parameter_is_a_400_that_names_it(string link, string parameter)
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var leader = await app.LoginAsync("leader");
        var ct = TestContext.Current.CancellationToken;

        var response = await leader.GetAsync(link, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"地址中的参数“{parameter}”无法识别", await response.Content.ReadAsStringAsync(ct));
        var fixedLink = link.Split('?')[0];
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync(fixedLink, ct)).StatusCode);
    }
}
