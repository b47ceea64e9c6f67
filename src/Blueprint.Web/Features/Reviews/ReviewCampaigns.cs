using Blueprint.Web.Data;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reviews;

public sealed record TemplateSectionInput(string? Key, string? Title, string? Guidance);

public sealed record TemplateInput(string? Name, List<TemplateSectionInput> Sections, int Version = 0);

public sealed record CampaignInput(int Year, string? Title, int ReviewTemplateId, DateOnly Deadline, DateOnly? MeetingDate, List<int> UnitIds);

/// <summary>
/// The office's side of a campaign: the templates of sections, and opening a campaign for a
/// year and a set of units, which gives every unit its empty submission (one per section of
/// the template) and a note in its inbox.
/// </summary>
public sealed class ReviewCampaigns(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    public async Task<StepOutcome<ReviewTemplate>> SaveTemplateAsync(int? id, TemplateInput input, CancellationToken ct)
    {
        if (!db.CurrentUser.IsReviewer())
        {
            return Refusal.Forbidden("Reviews.CannotManage");
        }

        var sections = input.Sections.Where(s => !string.IsNullOrWhiteSpace(s.Key) || !string.IsNullOrWhiteSpace(s.Title)).ToList();
        var keys = sections.Select(s => s.Key?.Trim() ?? "").ToList();
        var check = new Validation(t)
            .Require(input.Name?.Trim() is { Length: > 0 and <= 200 }, "name", "Reviews.TemplateNameRequired")
            .Require(sections.Count > 0, "sections", "Reviews.SectionsRequired")
            .Require(keys.All(k => k.Length is > 0 and <= 40 && k.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')), "sections", "Reviews.SectionKeyInvalid")
            .Require(keys.Distinct().Count() == keys.Count, "sections", "Reviews.SectionKeyDuplicate")
            .Require(sections.All(s => s.Title?.Trim() is { Length: > 0 and <= 100 } && (s.Guidance?.Length ?? 0) <= 1000), "sections", "Reviews.SectionTitleRequired");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var template = id is null ? null : await db.Set<ReviewTemplate>().Include(x => x.Sections).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (id is not null && template is null)
        {
            return Refusal.NotFound;
        }

        if (template is null)
        {
            template = new ReviewTemplate { Name = "" };
            db.Add(template);
        }
        else
        {
            db.ExpectVersion(template, input.Version);
        }

        template.Name = input.Name!.Trim();
        // Sections are matched by key, so a campaign already opened keeps its sections' meaning.
        template.Sections.RemoveAll(s => !keys.Contains(s.Key));
        for (var i = 0; i < sections.Count; i++)
        {
            var section = template.Sections.FirstOrDefault(s => s.Key == keys[i]);
            if (section is null)
            {
                section = new ReviewTemplateSection { Key = keys[i], Title = "" };
                template.Sections.Add(section);
            }

            section.Title = sections[i].Title!.Trim();
            section.Guidance = string.IsNullOrWhiteSpace(sections[i].Guidance) ? null : sections[i].Guidance!.Trim();
            section.SortOrder = (i + 1) * 10;
        }

        // The sections are children: the template's own row changes so its version guards them.
        if (db.Entry(template).State != EntityState.Added)
        {
            db.Entry(template).Property(x => x.Name).IsModified = true;
        }

        await db.SaveChangesAsync(ct);
        return template;
    }

    public async Task<StepOutcome<ReviewTemplate>> DeleteTemplateAsync(int id, CancellationToken ct)
    {
        if (!db.CurrentUser.IsReviewer())
        {
            return Refusal.Forbidden("Reviews.CannotManage");
        }

        var template = await db.Set<ReviewTemplate>().Include(x => x.Sections).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (template is null)
        {
            return Refusal.NotFound;
        }

        if (await db.Set<ReviewCampaign>().AnyAsync(c => c.ReviewTemplateId == id, ct))
        {
            return Refusal.Conflict("Reviews.TemplateInUse");
        }

        db.RemoveRange(template.Sections);
        db.Remove(template);
        await db.SaveChangesAsync(ct);
        return template;
    }

    public async Task<StepOutcome<ReviewCampaign>> OpenAsync(CampaignInput input, CancellationToken ct)
    {
        if (!db.CurrentUser.IsReviewer())
        {
            return Refusal.Forbidden("Reviews.CannotManage");
        }

        var template = await db.Set<ReviewTemplate>().AsNoTracking().Include(x => x.Sections).SingleOrDefaultAsync(x => x.Id == input.ReviewTemplateId, ct);
        var unitIds = input.UnitIds.Distinct().ToList();
        var known = await db.Set<Unit>().CountAsync(u => unitIds.Contains(u.Id), ct);
        var check = new Validation(t)
            .Require(input.Year is >= 2000 and <= 2100, "year", "Field.InvalidYear")
            .Require(input.Title?.Trim() is { Length: > 0 and <= 200 }, "title", "Reviews.CampaignTitleRequired")
            .Require(template is not null, "reviewTemplateId", "Reviews.TemplateRequired")
            .Require(unitIds.Count > 0 && known == unitIds.Count, "unitIds", "Reviews.UnitsRequired")
            .Require(input.Deadline >= ProblemsToday(), "deadline", "Reviews.DeadlinePast");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var campaign = new ReviewCampaign
        {
            Year = input.Year,
            Title = input.Title!.Trim(),
            ReviewTemplateId = template!.Id,
            Deadline = input.Deadline,
            MeetingDate = input.MeetingDate,
            Status = CampaignStatus.Open,
        };
        db.Add(campaign);
        var submissions = new List<ReviewSubmission>();
        foreach (var unitId in unitIds)
        {
            var submission = new ReviewSubmission { Campaign = campaign, UnitId = unitId, Status = SubmissionStatus.Draft };
            submission.Sections.AddRange(template.Sections.OrderBy(s => s.SortOrder).Select(s => new ReviewSubmissionSection { Key = s.Key }));
            db.Add(submission);
            submissions.Add(submission);
        }

        // Each unit's notice opens its own submission, whose id exists once saved: both in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        foreach (var submission in submissions)
        {
            await Inbox.NotifyUnitAsync(db, submission.UnitId, NotificationKind.General, new NoticeText("Reviews.OpenedNotice", campaign.Title, input.Deadline), t,
                $"/reviews/submissions/{submission.Id}", null, now, ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return campaign;
    }

    /// <summary>Closing stops writing; what was accepted stays in the dossier.</summary>
    public async Task<StepOutcome<ReviewCampaign>> SetStatusAsync(int id, CampaignStatus status, int version, CancellationToken ct)
    {
        if (!db.CurrentUser.IsReviewer())
        {
            return Refusal.Forbidden("Reviews.CannotManage");
        }

        var campaign = await db.Set<ReviewCampaign>().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            return Refusal.NotFound;
        }

        db.ExpectVersion(campaign, version);
        campaign.Status = status;
        await db.SaveChangesAsync(ct);
        return campaign;
    }

    private DateOnly ProblemsToday() => Projects.ProblemList.Today(clock);
}
