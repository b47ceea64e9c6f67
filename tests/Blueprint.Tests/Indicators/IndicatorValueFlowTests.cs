using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Blueprint.Tests.Indicators.IndicatorArrange;

namespace Blueprint.Tests.Indicators;

public sealed class IndicatorValueFlowTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_value_is_submitted_returned_resubmitted_approved_accepted_and_corrected_with_its_history_kept(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var plan = await PlanYearAsync(app);
        var anyue = await UnitAsync(app, "ZY-AY");
        var indicator = await CreateAsync(app, Input(plan.Id, $"流程测试指标-{provider}", anyue));
        var reporter = await app.LoginAsync("anyue.reporter");
        var leader = await app.LoginAsync("anyue.leader");
        var office = await app.LoginAsync("project.office");

        var draft = await ReadAsync(await reporter.PostAsJsonAsync("/api/indicator-values", new IndicatorValueInput(indicator.Id, anyue, 1, 10m), ct), HttpStatusCode.Created);
        Assert.Equal(SubmissionStatus.Draft, draft.Status);
        var submitted = await ReadAsync(await reporter.PostAsJsonAsync($"/api/indicator-values/{draft.Id}/submit", new VersionInput(draft.Version), ct));

        // The leader returns it: a comment is required.
        var noComment = await leader.PostAsJsonAsync($"/api/indicator-values/{draft.Id}/return", new ReturnInput(submitted.Version, " "), ct);
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Contains("意见", await noComment.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var returned = await ReadAsync(await leader.PostAsJsonAsync($"/api/indicator-values/{draft.Id}/return", new ReturnInput(submitted.Version, "统计口径不对"), ct));
        Assert.Equal((SubmissionStatus.Returned, "统计口径不对"), (returned.Status, returned.ReviewComment));

        // The unit edits and resubmits; the leader approves; only the office accepts.
        var edited = await ReadAsync(await reporter.PutAsJsonAsync($"/api/indicator-values/{draft.Id}", new IndicatorValueEdit(11m, returned.Version), ct));
        var again = await ReadAsync(await reporter.PostAsJsonAsync($"/api/indicator-values/{draft.Id}/submit", new VersionInput(edited.Version), ct));
        var approved = await ReadAsync(await leader.PostAsJsonAsync($"/api/indicator-values/{draft.Id}/approve", new VersionInput(again.Version), ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"/api/indicator-values/{draft.Id}/accept", new VersionInput(approved.Version), ct)).StatusCode);
        var accepted = await ReadAsync(await office.PostAsJsonAsync($"/api/indicator-values/{draft.Id}/accept", new VersionInput(approved.Version), ct));
        Assert.Equal(SubmissionStatus.Accepted, accepted.Status);
        Assert.NotNull(accepted.AcceptedAtUtc);
        Assert.Equal(11m, await CountingValueAsync(office, indicator.Id, anyue, 1));

        // Accepted is locked: an edit is a conflict, a correction needs a reason.
        Assert.Equal(HttpStatusCode.Conflict, (await reporter.PutAsJsonAsync($"/api/indicator-values/{draft.Id}", new IndicatorValueEdit(12m, accepted.Version), ct)).StatusCode);
        var noReason = await reporter.PostAsJsonAsync($"/api/indicator-values/{draft.Id}/corrections", new IndicatorCorrectionInput(12m, "", accepted.Version), ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("原因", await noReason.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var correction = await ReadAsync(await reporter.PostAsJsonAsync($"/api/indicator-values/{draft.Id}/corrections", new IndicatorCorrectionInput(12m, "统计局修订", accepted.Version), ct), HttpStatusCode.Created);
        Assert.Equal((draft.Id, SubmissionStatus.Submitted, "统计局修订"), (correction.SupersedesId!.Value, correction.Status, correction.CorrectionReason));

        // Until the correction is accepted the accepted value keeps counting.
        Assert.Equal(11m, await CountingValueAsync(office, indicator.Id, anyue, 1));
        var c1 = await ReadAsync(await leader.PostAsJsonAsync($"/api/indicator-values/{correction.Id}/approve", new VersionInput(correction.Version), ct));
        await ReadAsync(await office.PostAsJsonAsync($"/api/indicator-values/{correction.Id}/accept", new VersionInput(c1.Version), ct));
        Assert.Equal(12m, await CountingValueAsync(office, indicator.Id, anyue, 1));

        // Every version, newest first: the correction, the accepted value it superseded, and the returned first version with its reason.
        var history = await reporter.GetFromJsonAsync<List<SubmissionVersionDto>>($"/api/indicator-values/history?indicatorId={indicator.Id}&unitId={anyue}&period=1", ct);
        Assert.Equal(
            [(3, "12", SubmissionStatus.Accepted, false, "统计局修订", (string?)null), (2, "11", SubmissionStatus.Accepted, true, null, null), (1, "10", SubmissionStatus.Returned, false, null, "统计口径不对")],
            history!.Select(h => (h.Number, h.Fields.Single().Value, h.Status, h.IsSuperseded, h.CorrectionReason, h.ReturnReason)).ToList());
        Assert.Equal(("11", "12"), (history![0].Changes.Single().Before, history[0].Changes.Single().After));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_county_reports_its_share_of_a_city_indicator_but_not_another_countys(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var plan = await PlanYearAsync(app);
        var (development, anyue, lezhi) = (await UnitAsync(app, "ZY-FGW"), await UnitAsync(app, "ZY-AY"), await UnitAsync(app, "ZY-LZ"));
        var indicator = await CreateAsync(app, Input(plan.Id, $"分解测试指标-{provider}", development, targets: [new(anyue, 40m), new(lezhi, 30m)]));
        var reporter = await app.LoginAsync("anyue.reporter");

        // The county sees the city indicator through its share, and fills its own share only.
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync($"/api/indicators/{indicator.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await reporter.PostAsJsonAsync("/api/indicator-values", new IndicatorValueInput(indicator.Id, anyue, 1, 3m), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync("/api/indicator-values", new IndicatorValueInput(indicator.Id, lezhi, 1, 3m), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync("/api/indicator-values", new IndicatorValueInput(indicator.Id, development, 1, 3m), ct)).StatusCode);
        var yanjiang = await UnitAsync(app, "ZY-YJ");
        var noShare = await (await app.LoginAsync("project.office")).PostAsJsonAsync("/api/indicator-values", new IndicatorValueInput(indicator.Id, yanjiang, 1, 3m), ct);
        Assert.Equal(HttpStatusCode.BadRequest, noShare.StatusCode);
        Assert.Contains("分解目标", await noShare.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // In the list the county's row is its share: its unit and its target.
        var page = await reporter.GetFromJsonAsync<Page<IndicatorRow>>($"/api/indicators?year={IndicatorArrange.Year}&q=分解测试指标-{provider}", ct);
        var row = Assert.Single(page!.Items);
        Assert.Equal((anyue, 40m, development), (row.UnitId, row.AnnualTarget, row.ResponsibleUnitId));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Status_as_of_a_past_month_uses_what_was_accepted_by_then_and_a_later_correction_does_not_change_it(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var plan = await PlanYearAsync(app);
        var anyue = await UnitAsync(app, "ZY-AY");
        var name = $"时点测试指标-{provider}";
        var indicator = await CreateAsync(app, Input(plan.Id, name, anyue)); // 120 a year, even monthly: 30 due by March

        // March's 30 accepted on 10 April; corrected to 20, the correction accepted on 10 June.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var first = new IndicatorValue { IndicatorId = indicator.Id, UnitId = anyue, Year = IndicatorArrange.Year, Period = 3, Value = 30m, Status = SubmissionStatus.Accepted, RecordedAtUtc = Utc(4, 9), AcceptedAtUtc = Utc(4, 10), IsCurrent = false };
            db.Add(first);
            await db.SaveChangesAsync(ct);
            db.Add(new IndicatorValue { IndicatorId = indicator.Id, UnitId = anyue, Year = IndicatorArrange.Year, Period = 3, Value = 20m, Status = SubmissionStatus.Accepted, RecordedAtUtc = Utc(6, 1), AcceptedAtUtc = Utc(6, 10), SupersedesId = first.Id, CorrectionReason = "统计局修订" });
            await db.SaveChangesAsync(ct);
        }

        var leader = await app.LoginAsync("leader");
        var march = await FiguresAsync(leader, indicator.Id, 3);
        Assert.Null(march.Status); // nothing accepted by the end of March
        var april = await FiguresAsync(leader, indicator.Id, 4);
        Assert.Equal((3, 30m, 30m, StatusLight.Green), (april.Status!.Period, april.Status.Actual, april.Status.Due, april.Status.Light));
        Assert.Equal((ForecastMethod.Linear, 120m), (april.Forecast.Method, april.Forecast.YearEnd!.Value));
        var june = await FiguresAsync(leader, indicator.Id, 6);
        Assert.Equal((20m, StatusLight.Red), (june.Status!.Actual, june.Status.Light)); // 10 behind, tolerance 6
        Assert.Equal(80m, june.Forecast.YearEnd);

        // The list says the same for the same months.
        async Task<StatusLight?> ListLightAsync(int month) => Assert.Single((await leader.GetFromJsonAsync<Page<IndicatorRow>>(
            $"/api/indicators?year={IndicatorArrange.Year}&q={name}&asOfYear={IndicatorArrange.Year}&asOfMonth={month}", ct))!.Items).Light;
        Assert.Equal(StatusLight.Green, await ListLightAsync(4));
        Assert.Equal(StatusLight.Red, await ListLightAsync(6));
        Assert.Empty((await leader.GetFromJsonAsync<Page<IndicatorRow>>(
            $"/api/indicators?year={IndicatorArrange.Year}&q={name}&light=Red&asOfYear={IndicatorArrange.Year}&asOfMonth=4", ct))!.Items);
        Assert.Single((await leader.GetFromJsonAsync<Page<IndicatorRow>>(
            $"/api/indicators?year={IndicatorArrange.Year}&q={name}&light=Red&asOfYear={IndicatorArrange.Year}&asOfMonth=6", ct))!.Items);
    }

    private static DateTime Utc(int month, int day) => new(IndicatorArrange.Year, month, day, 2, 0, 0, DateTimeKind.Utc);

    private static async Task<IndicatorUnitFigures> FiguresAsync(HttpClient client, int id, int month) =>
        (await client.GetFromJsonAsync<IndicatorFiguresDto>($"/api/indicators/{id}/figures?asOfYear={IndicatorArrange.Year}&asOfMonth={month}", TestContext.Current.CancellationToken))!.Units[0];

    private static async Task<decimal?> CountingValueAsync(HttpClient client, int id, int unitId, int period)
    {
        var figures = await client.GetFromJsonAsync<IndicatorFiguresDto>($"/api/indicators/{id}/figures?asOfYear=2100&asOfMonth=12", TestContext.Current.CancellationToken);
        return figures!.Units.Single(u => u.UnitId == unitId).Values.TryGetValue(period, out var v) ? v : null;
    }

    private static async Task<IndicatorValueDto> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<IndicatorValueDto>(TestContext.Current.CancellationToken))!;
    }
}
