using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Reader.Flow;

/// <summary>
/// A report's figures as records (issue 18): a result becomes a value of the indicator of the year it describes,
/// a target the target of the year it aims at, and a figure of an indicator the city already has is recorded on
/// that indicator instead of a new one. A 2084 report about 乐至县; its indicators live in plan years 2083 and 2084
/// (ReaderFlowTests' years; the indicators here are 乐至县's 规上工业增加值增速, 一般公共预算收入 and 固定资产投资增速,
/// which no other test names).
/// </summary>
public sealed class ReaderFiguresFlowTests(Apps apps)
{
    private const int Year = 2084;

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_result_becomes_a_value_of_its_year_and_a_target_the_target_of_the_next(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        int lezhi;
        int existing;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            lezhi = await db.Set<Unit>().Where(u => u.Code == "ZY-LZ").Select(u => u.Id).SingleAsync(ct);
            existing = await IndicatorOfAsync(db, Year - 1, "规上工业增加值增速", lezhi, 8m, ct);
            await IndicatorOfAsync(db, Year, "一般公共预算收入", lezhi, 13m, ct, measure: "亿元");
        }

        const string report = "2083年，乐至县规模以上工业增加值增长9.1%。力争2084年乐至县规上工业增加值增长9%以上。";
        var document = (await (await office.PostAsJsonAsync("/api/reader/documents", new ReaderDocumentInput($"成绩与目标 {Guid.NewGuid():N}", Year, report), ct))
            .Content.ReadFromJsonAsync<ReaderDocumentDto>(ct))!;
        var result = document.Proposals.Single(p => p.Kind == ProposalKind.Target && p.SentenceNumber == 1);
        var target = document.Proposals.Single(p => p.Kind == ProposalKind.Target && p.SentenceNumber == 2);
        Assert.Equal((true, Year - 1, 9.1m, "规上工业增加值增速"), (result.Fields.Actual, result.Fields.Year, result.Fields.Value, result.Fields.IndicatorName));
        Assert.Equal((false, Year, 9m, "以上"), (target.Fields.Actual, target.Fields.Year, target.Fields.Value, target.Fields.Qualifier));
        // The 2083 indicator is the only one the result may be: it is proposed as its match.
        Assert.Equal(existing, result.Fields.ExistingIndicatorId);
        Assert.Equal([existing], result.Fields.IndicatorCandidates!.Select(c => c.Id));
        var page = await office.GetStringAsync($"/reader/{document.Id}", ct);
        Assert.Contains("data-figure=\"result\"", page, StringComparison.Ordinal);
        Assert.Contains("接受后记为2083年的指标数值", page, StringComparison.Ordinal);
        Assert.Contains("接受后记为2084年的指标目标", page, StringComparison.Ordinal);

        var acceptedResult = await office.PostAsJsonAsync($"/api/reader/proposals/{result.Id}/accept", new ProposalDecision(result.Version), ct);
        Assert.Equal(HttpStatusCode.OK, acceptedResult.StatusCode);
        Assert.Equal(new RecordLink(ReaderRecordKind.Indicator, existing, $"/goals/indicators/{existing}"), (await acceptedResult.Content.ReadFromJsonAsync<ProposalDto>(ct))!.Record);
        var acceptedTarget = await office.PostAsJsonAsync($"/api/reader/proposals/{target.Id}/accept", new ProposalDecision(target.Version), ct);
        Assert.Equal(HttpStatusCode.OK, acceptedTarget.StatusCode);
        var targetRecord = (await acceptedTarget.Content.ReadFromJsonAsync<ProposalDto>(ct))!.Record!;
        Assert.NotEqual(existing, targetRecord.Id);

        // The result: a value of 2083 on the 2083 indicator, entered as the office enters one (a draft of the whole year);
        // the indicator's target is untouched.
        var values = (await office.GetFromJsonAsync<Page<IndicatorValueDto>>($"/api/indicator-values?indicatorId={existing}", ct))!.Items;
        var value = Assert.Single(values);
        Assert.Equal((Year - 1, 1, 9.1m, lezhi, SubmissionStatus.Draft), (value.Year, value.Period, value.Value, value.UnitId, value.Status));
        Assert.Equal(8m, (await office.GetFromJsonAsync<IndicatorDto>($"/api/indicators/{existing}", ct))!.AnnualTarget);
        // The target: an indicator of 2084 whose target is the figure, with its comparison, and no value.
        var indicator = (await office.GetFromJsonAsync<IndicatorDto>($"/api/indicators/{targetRecord.Id}", ct))!;
        Assert.Equal(("规上工业增加值增速", 9m, "以上", lezhi), (indicator.Name, indicator.AnnualTarget, indicator.TargetQualifier, indicator.UnitId));
        Assert.Empty((await office.GetFromJsonAsync<Page<IndicatorValueDto>>($"/api/indicator-values?indicatorId={targetRecord.Id}", ct))!.Items);
        var listed = (await office.GetFromJsonAsync<Page<IndicatorRow>>($"/api/indicators?year={Year}&q=规上工业增加值增速&pageSize=100", ct))!.Items;
        Assert.Equal("以上", listed.Single(r => r.Id == targetRecord.Id).TargetQualifier);
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            Assert.Equal(Year, await db.Set<Indicator>().Where(i => i.Id == targetRecord.Id).Select(i => i.PlanYear!.Year).SingleAsync(ct));
        }

        // A result of a year that has no such indicator has nothing to be a value of: refused, nothing created.
        var lonely = (await (await office.PostAsJsonAsync("/api/reader/documents",
            new ReaderDocumentInput($"无指标 {Guid.NewGuid():N}", Year, "2083年，乐至县一般公共预算收入完成12.5亿元。"), ct)).Content.ReadFromJsonAsync<ReaderDocumentDto>(ct))!;
        var orphan = lonely.Proposals.Single(p => p.Kind == ProposalKind.Target);
        Assert.Equal((true, Year - 1, (int?)null), (orphan.Fields.Actual, orphan.Fields.Year, orphan.Fields.ExistingIndicatorId));
        var refused = await office.PostAsJsonAsync($"/api/reader/proposals/{orphan.Id}/accept", new ProposalDecision(orphan.Version), ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("2083年没有", (await refused.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors["existingIndicatorId"].Single(), StringComparison.Ordinal);
        // Read as a goal of 2084 instead (the user switches it), 2084's 一般公共预算收入 is offered; on an edit the reader picks nothing.
        var edited = await office.PutAsJsonAsync($"/api/reader/proposals/{orphan.Id}", new ProposalEdit(orphan.Fields with { Actual = false, Year = Year }, orphan.Version), ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var editedDto = (await edited.Content.ReadFromJsonAsync<ProposalDto>(ct))!;
        Assert.Equal(("一般公共预算收入", "亿元"), Assert.Single(editedDto.Fields.IndicatorCandidates!) is var c ? (c.Name, c.Measure) : default);
        Assert.Null(editedDto.Fields.ExistingIndicatorId);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_target_named_by_its_short_form_is_set_on_the_existing_indicator(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        int existing;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var lezhi = await db.Set<Unit>().Where(u => u.Code == "ZY-LZ").Select(u => u.Id).SingleAsync(ct);
            existing = await IndicatorOfAsync(db, Year, "固定资产投资增速", lezhi, 7m, ct);
        }

        var before = await CountAsync(app, ct);
        var document = (await (await office.PostAsJsonAsync("/api/reader/documents",
            new ReaderDocumentInput($"固投 {Guid.NewGuid():N}", Year, "力争2084年乐至县固投增长10%左右。"), ct)).Content.ReadFromJsonAsync<ReaderDocumentDto>(ct))!;
        var target = document.Proposals.Single(p => p.Kind == ProposalKind.Target);
        Assert.Equal((false, Year, 10m), (target.Fields.Actual, target.Fields.Year, target.Fields.Value));
        var candidate = Assert.Single(target.Fields.IndicatorCandidates!);
        Assert.Equal((existing, "固定资产投资增速"), (candidate.Id, candidate.Name));
        Assert.Equal(existing, target.Fields.ExistingIndicatorId);

        var accepted = await office.PostAsJsonAsync($"/api/reader/proposals/{target.Id}/accept", new ProposalDecision(target.Version), ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(existing, (await accepted.Content.ReadFromJsonAsync<ProposalDto>(ct))!.Record!.Id);
        Assert.Equal(before, await CountAsync(app, ct));
        var indicator = (await office.GetFromJsonAsync<IndicatorDto>($"/api/indicators/{existing}", ct))!;
        Assert.Equal(("固定资产投资增速", 10m, "左右"), (indicator.Name, indicator.AnnualTarget, indicator.TargetQualifier));
    }

    private static async Task<int> CountAsync(TestApp app, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Indicator>().CountAsync(ct);
    }

    /// <summary>The unit's indicator of that name in that year, made once (plan years may be made by another class at the same time).</summary>
    private static async Task<int> IndicatorOfAsync(BlueprintDb db, int year, string name, int unitId, decimal target, CancellationToken ct, string measure = "%")
    {
        if (!await db.Set<PlanYear>().AnyAsync(y => y.Year == year, ct))
        {
            try
            {
                db.Add(new PlanYear { Year = year, Title = $"{year}年蓝图" });
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
        }

        var planYear = await db.Set<PlanYear>().Where(y => y.Year == year).Select(y => y.Id).SingleAsync(ct);
        if (await db.Set<Indicator>().Where(i => i.PlanYearId == planYear && i.Name == name && i.UnitId == unitId).Select(i => (int?)i.Id).FirstOrDefaultAsync(ct) is { } id)
        {
            return id;
        }

        var indicator = new Indicator
        {
            PlanYearId = planYear,
            Name = name,
            Measure = measure,
            AnnualTarget = target,
            UnitId = unitId,
            Profile = ScheduleProfile.AnnualOnly,
            ValueKind = IndicatorValueKind.Level,
        };
        db.Add(indicator);
        await db.SaveChangesAsync(ct);
        db.Add(new IndicatorTarget { IndicatorId = indicator.Id, UnitId = unitId, Period = 0, Target = target });
        await db.SaveChangesAsync(ct);
        return indicator.Id;
    }
}
