using Blueprint.Web.Data;
using Blueprint.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Reviews;

public sealed record TemplateSectionDto(string Key, string Title, string? Guidance, int SortOrder);

public sealed record ReviewTemplateDto(int Id, string Name, IReadOnlyList<TemplateSectionDto> Sections, int Version);

public sealed record CampaignUnitRow(int SubmissionId, int UnitId, string UnitName, SubmissionStatus Status, DateTime? SubmittedAtUtc, DateTime? UpdatedAtUtc);

public sealed record ReviewCampaignDto(
    int Id, int Year, string Title, int ReviewTemplateId, DateOnly? MeetingDate, DateOnly Deadline, CampaignStatus Status, int Version,
    IReadOnlyList<CampaignUnitRow>? Units = null);

public sealed record SubmissionSectionDto(string Key, string Title, string? Guidance, string Html);

public sealed record ReviewSubmissionDetail(
    int Id, int ReviewCampaignId, string CampaignTitle, int Year, CampaignStatus CampaignStatus, DateOnly Deadline, int UnitId, string UnitName,
    SubmissionStatus Status, int? SubmittedById, int? ApprovedById, DateTime? SubmittedAtUtc, DateTime? UpdatedAtUtc, int Version,
    IReadOnlyList<SubmissionSectionDto> Sections, IReadOnlyList<ReviewCommentView> Comments);

public sealed record ReviewCommentView(int Id, string? SectionKey, string Author, string Text, DateTime CreatedAtUtc);

/// <summary>The read side of campaigns: every query goes through the scope filter, so a unit sees its own submissions only.</summary>
public static class ReviewQueries
{
    public static ReviewTemplateDto AsDto(ReviewTemplate t) => new(
        t.Id, t.Name, [.. t.Sections.OrderBy(s => s.SortOrder).Select(s => new TemplateSectionDto(s.Key, s.Title, s.Guidance, s.SortOrder))], t.Version);

    public static ReviewCampaignDto AsDto(ReviewCampaign c) => new(c.Id, c.Year, c.Title, c.ReviewTemplateId, c.MeetingDate, c.Deadline, c.Status, c.Version);

    public static async Task<List<ReviewTemplateDto>> TemplatesAsync(BlueprintDb db, CancellationToken ct) =>
        [.. (await db.Set<ReviewTemplate>().AsNoTracking().Include(t => t.Sections).OrderBy(t => t.Id).ToListAsync(ct)).Select(AsDto)];

    public static async Task<ReviewTemplateDto?> TemplateAsync(BlueprintDb db, int id, CancellationToken ct) =>
        await db.Set<ReviewTemplate>().AsNoTracking().Include(t => t.Sections).SingleOrDefaultAsync(t => t.Id == id, ct) is { } t ? AsDto(t) : null;

    /// <summary>Campaigns newest first; a unit user sees only those it takes part in.</summary>
    public static IQueryable<ReviewCampaign> Campaigns(BlueprintDb db, int? year)
    {
        var query = db.Set<ReviewCampaign>().AsNoTracking();
        query = year is { } y ? query.Where(c => c.Year == y) : query;
        if (!db.CurrentUser.IsReviewer() && !db.CurrentUser.IsCommenter())
        {
            query = query.Where(c => db.Set<ReviewSubmission>().Any(s => s.ReviewCampaignId == c.Id));
        }

        return query.OrderByDescending(c => c.Year).ThenByDescending(c => c.Id);
    }

    public static async Task<ReviewCampaignDto?> CampaignAsync(BlueprintDb db, int id, CancellationToken ct)
    {
        var campaign = await Campaigns(db, null).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            return null;
        }

        var units = await UnitOrder(db.Set<ReviewSubmission>().AsNoTracking().Where(s => s.ReviewCampaignId == id))
            .Select(s => new CampaignUnitRow(s.Id, s.UnitId, s.Unit!.Name, s.Status, s.SubmittedAtUtc, s.UpdatedAtUtc)).ToListAsync(ct);
        return AsDto(campaign) with { Units = units };
    }

    public static async Task<ReviewSubmissionDetail?> SubmissionAsync(BlueprintDb db, int id, CancellationToken ct)
    {
        var s = await db.Set<ReviewSubmission>().AsNoTracking().Include(x => x.Sections).Include(x => x.Unit)
            .Include(x => x.Campaign).ThenInclude(c => c!.Template).ThenInclude(t => t!.Sections)
            .SingleOrDefaultAsync(x => x.Id == id, ct);
        if (s is null)
        {
            return null;
        }

        var comments = await db.Set<ReviewComment>().AsNoTracking().Where(c => c.ReviewSubmissionId == id).OrderBy(c => c.CreatedAtUtc).ThenBy(c => c.Id)
            .Select(c => new ReviewCommentView(c.Id, c.SectionKey, c.Author!.DisplayName, c.Text, c.CreatedAtUtc)).ToListAsync(ct);
        var templateSections = s.Campaign!.Template!.Sections.ToDictionary(t => t.Key);
        var sections = s.Sections
            .OrderBy(x => templateSections.GetValueOrDefault(x.Key)?.SortOrder ?? int.MaxValue).ThenBy(x => x.Id)
            .Select(x => new SubmissionSectionDto(x.Key, ReviewHeadings.For(templateSections.GetValueOrDefault(x.Key)?.Title ?? x.Key, s.Campaign.Year), templateSections.GetValueOrDefault(x.Key)?.Guidance, x.Html))
            .ToList();
        return new ReviewSubmissionDetail(s.Id, s.ReviewCampaignId, s.Campaign.Title, s.Campaign.Year, s.Campaign.Status, s.Campaign.Deadline, s.UnitId, s.Unit!.Name,
            s.Status, s.SubmittedById, s.ApprovedById, s.SubmittedAtUtc, s.UpdatedAtUtc, s.Version, sections, comments);
    }

    /// <summary>The accepted submissions of a campaign in unit order, each section titled from the template.</summary>
    /// <summary>Every version of a submission, newest first, each section labelled by its title in the template (decision 0025).</summary>
    public static async Task<List<SubmissionVersionDto>?> HistoryAsync(BlueprintDb db, int id, CancellationToken ct)
    {
        var submission = await db.Set<ReviewSubmission>().AsNoTracking().Include(s => s.Sections).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null)
        {
            return null;
        }

        var year = await db.Set<ReviewCampaign>().AsNoTracking().Where(c => c.Id == submission.ReviewCampaignId).Select(c => c.Year).SingleAsync(ct);
        var sections = await db.Set<ReviewCampaign>().AsNoTracking().Where(c => c.Id == submission.ReviewCampaignId)
            .SelectMany(c => c.Template!.Sections).OrderBy(s => s.SortOrder).Select(s => new { s.Key, s.Title }).ToListAsync(ct);
        static string? Text(string? html) => string.IsNullOrEmpty(html) ? null : ReviewHtml.PlainText(html);
        return await SubmissionHistory.ReadAsync(db, SubmissionKind.Review,
            [new HistoryRecord(submission, submission.SubmittedAtUtc ?? submission.UpdatedAtUtc ?? DateTime.MinValue, null, null, false)],
            [.. sections.Select(s => new HistoryField(s.Key, ReviewHeadings.For(s.Title, year), Text))], ct);
    }

    public static async Task<List<DossierUnit>> DossierAsync(BlueprintDb db, int campaignId, CancellationToken ct)
    {
        var campaign = await db.Set<ReviewCampaign>().AsNoTracking().Include(c => c.Template).ThenInclude(t => t!.Sections)
            .SingleAsync(c => c.Id == campaignId, ct);
        var sections = campaign.Template!.Sections.OrderBy(s => s.SortOrder).ToList();
        var submissions = await UnitOrder(db.Set<ReviewSubmission>().AsNoTracking().Include(s => s.Sections)
            .Where(s => s.ReviewCampaignId == campaignId && s.Status == SubmissionStatus.Accepted))
            .Select(s => new { s.Unit!.Name, s.Sections }).ToListAsync(ct);
        return [.. submissions.Select(s => new DossierUnit(s.Name, [.. sections
            .Select(t => (ReviewHeadings.For(t.Title, campaign.Year), s.Sections.FirstOrDefault(x => x.Key == t.Key)?.Html ?? ""))
            .Where(x => !ReviewHtml.IsBlank(x.Item2))]))];
    }

    /// <summary>Units as the city lists them: by their sort order, then by their place in the tree.</summary>
    private static IQueryable<ReviewSubmission> UnitOrder(IQueryable<ReviewSubmission> query) =>
        query.OrderBy(s => s.Unit!.SortOrder).ThenBy(s => s.Unit!.Path).ThenBy(s => s.UnitId);
}
