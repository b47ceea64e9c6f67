using System.Net;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Indicators;

/// <summary>The office creates an indicator with the page's form, as typed by a person.</summary>
public sealed partial class IndicatorEditPageTests(Apps apps)
{
    [Fact]
    public async Task The_office_creates_an_indicator_with_target_shares_and_a_typing_mistake_comes_back_in_words()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        int planYearId, anyue, lezhi;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            planYearId = (await db.Set<PlanYear>().OrderBy(y => y.Year).FirstAsync(ct)).Id;
            anyue = (await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-AY", ct)).Id;
            lezhi = (await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ", ct)).Id;
        }

        var office = await app.LoginAsync("project.office");
        var name = $"表单新增指标 {Guid.NewGuid():N}"[..16];
        async Task<HttpResponseMessage> PostAsync(string target)
        {
            var page = await office.GetStringAsync("/goals/indicators/new", ct);
            var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
            return await office.PostAsync("/goals/indicators/new", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "indicator",
                ["__RequestVerificationToken"] = token,
                ["Form.Version"] = "0",
                ["Form.PlanYearId"] = planYearId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Form.Name"] = name,
                ["Form.Measure"] = "%",
                ["Form.UnitId"] = anyue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Form.Direction"] = nameof(IndicatorDirection.HigherIsBetter),
                ["Form.ValueKind"] = nameof(IndicatorValueKind.YearToDate),
                ["Form.AnnualTarget"] = target,
                ["Form.Profile"] = nameof(ScheduleProfile.Quarterly),
                ["Form.Shares"] = "10，40，70，100",
                ["Form.Targets"] = "ZY-LZ 3",
            }), ct);
        }

        var wrong = await PostAsync("八点五");
        Assert.Contains("应为数字", await wrong.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // Full-width digits, as a Chinese keyboard types them, are read as numbers.
        var saved = await PostAsync("８.5");
        Assert.Equal(HttpStatusCode.Found, saved.StatusCode);
        Assert.Matches("/goals/indicators/[0-9]+$", saved.Headers.Location!.OriginalString);
        using var check = app.SystemScope();
        var db2 = check.ServiceProvider.GetRequiredService<BlueprintDb>();
        var indicator = await db2.Set<Indicator>().SingleAsync(i => i.Name == name, ct);
        Assert.Equal(8.5m, indicator.AnnualTarget);
        Assert.Equal([10m, 40m, 70m, 100m], indicator.ScheduleShares);
        var targets = await db2.Set<IndicatorTarget>().Where(t => t.IndicatorId == indicator.Id && t.Period == 0)
            .OrderBy(t => t.UnitId).Select(t => new { t.UnitId, t.Target }).ToListAsync(ct);
        Assert.Contains(targets, t => t.UnitId == lezhi && t.Target == 3m);
        Assert.Contains(targets, t => t.UnitId == anyue && t.Target == 8.5m);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
