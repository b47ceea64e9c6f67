using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reviews;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Blueprint.Tests.Reviews;

public sealed class ReviewCampaignTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_campaign_runs_from_opening_to_the_dossier(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var reporter = await app.LoginAsync("anyue.reporter");
        var leader = await app.LoginAsync("anyue.leader");
        var units = await ReviewArrange.UnitsAsync(office, ct);
        var (anyue, housing, lezhi) = (units["ZY-AY"], units["ZY-AY-ZJJ"], units["ZY-LZ"]);

        // A reporter cannot open a campaign; the office opens one for three units.
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync("/api/review-campaigns",
            new CampaignInput(2090, "x", 1, new DateOnly(2090, 11, 30), null, [anyue]), ct)).StatusCode);
        var campaign = await ReviewArrange.OpenAsync(office, 2090, $"cycle-{provider}", [lezhi, housing, anyue], ct);
        Assert.Equal(3, campaign.Units!.Count);
        Assert.All(campaign.Units, u => Assert.Equal(SubmissionStatus.Draft, u.Status));

        // The unit sees its own submissions (and the one below it), never Lezhi's.
        var seen = await reporter.GetFromJsonAsync<ReviewCampaignDto>($"/api/review-campaigns/{campaign.Id}", ct);
        Assert.Equal([anyue, housing], seen!.Units!.Select(u => u.UnitId).ToArray());
        var lezhiSubmission = campaign.Units.Single(u => u.UnitId == lezhi).SubmissionId;
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync($"/api/review-submissions/{lezhiSubmission}/detail", ct)).StatusCode);

        var own = campaign.Units.Single(u => u.UnitId == anyue).SubmissionId;
        var detail = await reporter.GetFromJsonAsync<ReviewSubmissionDetail>($"/api/review-submissions/{own}/detail", ct);
        Assert.Equal(ReviewArrange.SectionKeys, detail!.Sections.Select(s => s.Key).ToArray());

        // Autosave of one section: stored sanitised, answered with the new version; a stale version is a conflict.
        var saved = await Saved(await reporter.PutAsJsonAsync($"/api/review-submissions/{own}/sections/results",
            new ReviewSectionInput("<h3>教育</h3><p onclick=\"alert(1)\">新增学位<strong>2650</strong>个</p><script>alert(1)</script><ul><li>一</li><li>二</li></ul>", detail.Version), ct), ct);
        Assert.Equal(HttpStatusCode.Conflict, (await reporter.PutAsJsonAsync($"/api/review-submissions/{own}/sections/results",
            new ReviewSectionInput("<p>旧版本</p>", detail.Version), ct)).StatusCode);
        saved = await Saved(await reporter.PutAsJsonAsync($"/api/review-submissions/{own}/sections",
            new ReviewSectionsInput(new() { ["problems"] = "<p>园区只考虑投入、不考虑效益。</p><table><tr><th>问题</th><th>时限</th></tr><tr><td>用地</td><td>6月</td></tr></table>" }, saved.Version), ct), ct);
        detail = await reporter.GetFromJsonAsync<ReviewSubmissionDetail>($"/api/review-submissions/{own}/detail", ct);
        Assert.Equal("<h3>教育</h3><p>新增学位<strong>2650</strong>个</p><ul><li>一</li><li>二</li></ul>", detail!.Sections[0].Html);

        // Submit → the leader approves → the office returns with a comment on a section.
        saved = await Saved(await reporter.PostAsJsonAsync($"/api/review-submissions/{own}/submit", new VersionInput(saved.Version), ct), ct);
        Assert.Equal(SubmissionStatus.Submitted, saved.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await reporter.PutAsJsonAsync($"/api/review-submissions/{own}/sections/results",
            new ReviewSectionInput("<p>提交后不能改</p>", saved.Version), ct)).StatusCode);
        // The office accepts only what the unit leader approved; the reporter may not approve.
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsJsonAsync($"/api/review-submissions/{own}/accept", new VersionInput(saved.Version), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"/api/review-submissions/{own}/approve", new VersionInput(saved.Version), ct)).StatusCode);
        saved = await Saved(await leader.PostAsJsonAsync($"/api/review-submissions/{own}/approve", new VersionInput(saved.Version), ct), ct);
        Assert.Equal(SubmissionStatus.Approved, saved.Status);
        var noComment = await office.PostAsJsonAsync($"/api/review-submissions/{own}/return", new ReviewReturnInput(saved.Version, " ", null), ct);
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        saved = await Saved(await office.PostAsJsonAsync($"/api/review-submissions/{own}/return",
            new ReviewReturnInput(saved.Version, "请补充效益测算和完成时限", "problems"), ct), ct);
        Assert.Equal(SubmissionStatus.Returned, saved.Status);
        detail = await reporter.GetFromJsonAsync<ReviewSubmissionDetail>($"/api/review-submissions/{own}/detail", ct);
        Assert.Contains(detail!.Comments, c => c.SectionKey == "problems" && c.Text == "请补充效益测算和完成时限");

        // The unit revises and resubmits; the leader approves again; the office accepts.
        saved = await Saved(await reporter.PutAsJsonAsync($"/api/review-submissions/{own}/sections/measures",
            new ReviewSectionInput("<ol><li>6月底前完成用地报批</li><li>开展投入产出测算</li></ol>", saved.Version), ct), ct);
        saved = await Saved(await reporter.PostAsJsonAsync($"/api/review-submissions/{own}/submit", new VersionInput(saved.Version), ct), ct);
        saved = await Saved(await leader.PostAsJsonAsync($"/api/review-submissions/{own}/approve", new VersionInput(saved.Version), ct), ct);
        saved = await Saved(await office.PostAsJsonAsync($"/api/review-submissions/{own}/accept", new VersionInput(saved.Version), ct), ct);
        Assert.Equal(SubmissionStatus.Accepted, saved.Status);

        // The unit below writes and passes too; Lezhi never submits and stays out of the dossier.
        var below = campaign.Units.Single(u => u.UnitId == housing).SubmissionId;
        var b = (await reporter.GetFromJsonAsync<ReviewSubmissionDetail>($"/api/review-submissions/{below}/detail", ct))!;
        var bs = await Saved(await reporter.PutAsJsonAsync($"/api/review-submissions/{below}/sections/results", new ReviewSectionInput("<p>雨污分流完成80%</p>", b.Version), ct), ct);
        bs = await Saved(await reporter.PostAsJsonAsync($"/api/review-submissions/{below}/submit", new VersionInput(bs.Version), ct), ct);
        bs = await Saved(await leader.PostAsJsonAsync($"/api/review-submissions/{below}/approve", new VersionInput(bs.Version), ct), ct);
        await Saved(await office.PostAsJsonAsync($"/api/review-submissions/{below}/accept", new VersionInput(bs.Version), ct), ct);

        var response = await office.GetAsync($"/api/review-campaigns/{campaign.Id}/dossier.docx", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync(ct)), false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        string[] headings = [.. body.Elements<Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading1").Select(p => p.InnerText)];
        Assert.Equal(["安岳县", "安岳县住房和城乡建设局"], headings);
        Assert.Contains(body.Descendants<FieldCode>(), f => f.Text.Contains("TOC", StringComparison.Ordinal));
        Assert.Contains(campaign.Title, body.InnerText, StringComparison.Ordinal);
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == "新增学位2650个" && p.Descendants<Bold>().Any());
        Assert.Equal(4, body.Elements<Paragraph>().Count(p => p.ParagraphProperties?.NumberingProperties is not null));
        Assert.Contains(body.Elements<Table>(), t => t.InnerText.Contains("用地", StringComparison.Ordinal));
        Assert.DoesNotContain("alert", body.InnerText, StringComparison.Ordinal);
    }

    private static async Task<ReviewSavedDto> Saved(HttpResponseMessage response, CancellationToken ct)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<ReviewSavedDto>(ct))!;
    }
}
