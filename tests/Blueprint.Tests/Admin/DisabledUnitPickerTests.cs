using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Indicators;
using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Supervision;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Admin;

/// <summary>
/// A disabled unit vanishes from the pickers of the forms that write (the save would refuse it),
/// but a record already in it keeps showing its unit. Each run makes its own unit, tagged.
/// </summary>
public sealed class DisabledUnitPickerTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_disabled_unit_is_offered_to_no_new_record_but_stays_on_the_records_already_in_it(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2040 : 2060;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var name = $"停用测试局{tag}";
        var admin = await app.LoginAsync("sysadmin");
        var office = await app.LoginAsync("project.office");
        var supervision = await app.LoginAsync("supervision.office");
        var city = (await admin.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Code == "ZY");
        var created = await admin.PostAsJsonAsync("/api/admin/units", new UnitInput(name, null, $"T{tag}-D", UnitKind.Department, city.Id, 95, null, 0), ct);
        var unit = (await created.Content.ReadFromJsonAsync<UnitAdminDto>(ct))!;

        // Records made while the unit was enabled: a project, an indicator, a supervision item it leads.
        var plan = await IndicatorArrange.PlanYearAsync(app, year);
        var indicator = await IndicatorArrange.CreateAsync(app, IndicatorArrange.Input(plan.Id, $"停用测试指标{tag}", unit.Id));
        var item = await FlowClient.CreateAsync(supervision, FlowClient.Input(FlowClient.CaseNumber(tag, provider), unit.Id));
        int projectId;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var project = new KeyProject { Code = $"DU-{tag}", Name = $"停用测试项目{tag}", UnitId = unit.Id, TotalInvestment = 10_000_0000 };
            db.Add(project);
            await db.SaveChangesAsync(ct);
            projectId = project.Id;
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/admin/units/{unit.Id}/disable", new UnitVersionInput(unit.Version), ct)).StatusCode);

        // New records: the unit is not offered.
        Assert.DoesNotContain(name, await PageAsync(office, "/projects/new"), StringComparison.Ordinal);
        Assert.DoesNotContain(name, await PageAsync(office, "/goals/indicators/new"), StringComparison.Ordinal);
        // The goals page names the unit elsewhere (its indicator of that year): only the new goal's picker counts.
        var goalUnits = Regex.Match(await PageAsync(office, $"/goals?year={year}"), "<select name=\"Goal.UnitId\">.*?</select>", RegexOptions.Singleline);
        Assert.True(goalUnits.Success);
        Assert.DoesNotContain(name, goalUnits.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(name, await PageAsync(supervision, "/supervision/new"), StringComparison.Ordinal);

        // The records already in it: still offered, and selected.
        Assert.Matches(Selected(name), await PageAsync(office, $"/projects/{projectId}/edit"));
        Assert.Matches(Selected(name), await PageAsync(office, $"/goals/indicators/{indicator.Id}/edit"));
        Assert.Matches(Selected(name), await PageAsync(supervision, $"/supervision/{item.Item.Id}/edit"));

        // A list filter keeps it: history names it.
        Assert.Contains(name, await PageAsync(office, "/projects"), StringComparison.Ordinal);

        // Nor does the save take a record moved into it (a new record there too).
        var other = await admin.PostAsJsonAsync("/api/admin/units", new UnitInput($"启用测试局{tag}", null, $"T{tag}-E", UnitKind.Department, city.Id, 95, null, 0), ct);
        var enabled = (await other.Content.ReadFromJsonAsync<UnitAdminDto>(ct))!;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var project = new KeyProject { Code = $"DU-{tag}-E", Name = $"启用测试项目{tag}", UnitId = enabled.Id, TotalInvestment = 10_000_0000 };
            db.Add(project);
            await db.SaveChangesAsync(ct);
            project.UnitId = unit.Id;
            await Assert.ThrowsAsync<DisabledUnitException>(() => db.SaveChangesAsync(ct));
        }
    }

    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The selected option of the unit (after the tree's indent of full-width spaces, if any, raw or encoded).</summary>
    private static Regex Selected(string name) => new($"<option value=\"\\d+\" selected(=\"[^\"]*\")?>(\u3000|&#x3000;)*{Regex.Escape(name)}</option>");
}
