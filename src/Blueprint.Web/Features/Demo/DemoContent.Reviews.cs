using Blueprint.Web.Data;
using Blueprint.Web.Features.Reviews;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    private readonly Dictionary<string, ReviewSubmission> _submissions = [];

    /// <summary>
    /// The review template and the conference year's campaign that fed the 4 December 务虚会: five speaking
    /// units accepted, the state-assets commission's report submitted and awaiting acceptance.
    /// </summary>
    private async Task<string> SeedReviewsAsync()
    {
        var template = new ReviewTemplate { Name = "年度工作总结谋划（务虚会）模板" };
        for (var i = 0; i < ReviewSections.Length; i++)
        {
            var (key, title, guidance) = ReviewSections[i];
            template.Sections.Add(new ReviewTemplateSection { Key = key, Title = Calendar.Text(title), Guidance = guidance, SortOrder = (i + 1) * 10 });
        }

        var campaign = new ReviewCampaign
        {
            Year = Calendar.ConferenceYear,
            Title = Calendar.Text("2023年市委工作务虚会"),
            Template = template,
            MeetingDate = Calendar.Date(D(2023, 12, 4)),
            Deadline = Calendar.Date(D(2023, 11, 28)),
            Status = CampaignStatus.Closed,
        };
        db.AddRange(template, campaign);

        string[] accepted = [DemoUnits.Yanjiang, DemoUnits.Anyue, DemoUnits.Lezhi, DemoUnits.HighTechZone, DemoUnits.AirportZone];
        var texts = ReviewTexts();
        var day = 0;
        foreach (var (unitCode, sections) in texts)
        {
            var unitId = UnitId(unitCode);
            var isAccepted = accepted.Contains(unitCode);
            var submission = new ReviewSubmission
            {
                Campaign = campaign,
                UnitId = unitId,
                Status = isAccepted ? SubmissionStatus.Accepted : SubmissionStatus.Submitted,
                SubmittedById = ReporterFor(unitId),
                ApprovedById = ApproverFor(unitId),
                SubmittedAtUtc = Calendar.Utc(Utc(2023, 11, 22 + day++, 7)),
            };
            foreach (var (key, _, _) in ReviewSections)
            {
                submission.Sections.Add(new ReviewSubmissionSection { Key = key, Html = Calendar.Text(sections[key]) });
            }

            _submissions[unitCode] = submission;
            db.Add(submission);
        }

        ReviewComment[] comments =
        [
            Comment(DemoUnits.Yanjiang, "problems", Leader, "问题找得准。“只考虑投入、不考虑效益”要作为全市农业园区建设的反面教材，马蹄湾模式要总结推广。", 11, 29),
            Comment(DemoUnits.Anyue, "results", ProjectOffice, "新增学位2650个与教体局统计口径一致，已核对。", 11, 27),
            Comment(DemoUnits.Anyue, "requests", ProjectOffice, "中央预算内资金事项已转市住建局研究。", 11, 30),
            Comment(DemoUnits.AirportZone, "problems", ProjectOffice, "天府艺谷年度投资完成率明显低于序时，请在措施中明确用地报批的完成时限。", 11, 28),
            Comment(DemoUnits.Lezhi, "measures", Leader, "“建链、强链、延链、补链”项目请列出目标企业清单。", 11, 29),
        ];
        db.AddRange(comments);
        await db.SaveChangesAsync();
        return $"1 review campaign ({_submissions.Count} submissions, {comments.Length} comments)";
    }

    private ReviewComment Comment(string unitCode, string section, int authorId, string text, int month, int day) => new()
    {
        Submission = _submissions[unitCode],
        UnitId = UnitId(unitCode),
        AuthorId = authorId,
        SectionKey = section,
        Text = Calendar.Text(text),
        CreatedAtUtc = Calendar.Utc(Utc(2023, month, day, 8)),
    };
}
