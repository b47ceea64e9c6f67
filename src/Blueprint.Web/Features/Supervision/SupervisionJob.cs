using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Supervision;

/// <summary>What one node did in one tick.</summary>
public sealed record SupervisionTickResult(long Slot, int ItemsJudged, int LightsChanged, int Notified);

/// <summary>
/// One tick of the supervision job: judge every open item against today (the rules of
/// <see cref="SupervisionLights"/>), store its light, write a MarkedLight step where it changed,
/// and notify overdue items, feedback falling due and feedback missed.
///
/// Everything is computed from "today", never from what the last tick did, so a tick after ten
/// days of downtime marks exactly what became overdue meanwhile. Notices carry deterministic
/// dedup keys (event, item, the date concerned), so no tick can repeat one. Reminders are only
/// for due dates still ahead; a due date that passed while the job was down gets no late
/// reminder, and only the latest missed due date gets a "missed" notice — one notice, not a
/// flood (docs/decisions/0006-supervision-job.md).
///
/// The context must act as the system (the service does it; tests use a system scope).
/// </summary>
public sealed class SupervisionJob(BlueprintDb db, TimeProvider clock, IOptions<SupervisionJobOptions> options, JobNode node)
{
    /// <summary>The job's name in the tick table.</summary>
    public const string Name = "supervision";

    /// <summary>Tick rows older than this are pruned: they only serve to elect the node of a slot.</summary>
    private static readonly TimeSpan KeepTicks = TimeSpan.FromDays(7);

    /// <summary>Runs the tick of the current slot, or returns null when another node has it.</summary>
    public async Task<SupervisionTickResult?> TickAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var interval = options.Value.JobInterval > TimeSpan.Zero ? options.Value.JobInterval : TimeSpan.FromMinutes(1);
        var slot = now.Ticks / interval.Ticks;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await JobTicks.ClaimAsync(db, Name, slot, node, now, ct))
        {
            return null;
        }

        var result = await JudgeAsync(slot, now, ct);
        await JobTicks.FinishAsync(db, Name, slot, result.LightsChanged, result.Notified, slot - (KeepTicks.Ticks / interval.Ticks), ct);
        await tx.CommitAsync(ct);
        Telemetry.JobSlotDone(Name, result.LightsChanged, result.Notified);
        return result;
    }

    private sealed record Open(int Id, string CaseNumber, string Title, int UnitId, DateTime CreatedAtUtc, DateOnly Deadline,
        FeedbackCadence Cadence, SupervisionStatus Status, StatusLight Light);

    private async Task<SupervisionTickResult> JudgeAsync(long slot, DateTime now, CancellationToken ct)
    {
        var today = SupervisionLights.Day(now);
        // Open items, and closed ones still carrying a light from before their closure.
        var items = await db.Set<SupervisionItem>().AsNoTracking()
            .Where(i => i.Status != SupervisionStatus.Closed || i.Light != StatusLight.Green)
            .Select(i => new Open(i.Id, i.CaseNumber, i.Title, i.UnitId, i.CreatedAtUtc, i.Deadline, i.Cadence, i.Status, i.Light))
            .ToListAsync(ct);
        var feedback = (await db.Set<SupervisionFeedback>().AsNoTracking()
                .Where(f => f.Item!.Status != SupervisionStatus.Closed && f.UnitId == f.Item.UnitId)
                .Select(f => new { f.SupervisionItemId, f.CreatedAtUtc }).ToListAsync(ct))
            .ToLookup(f => f.SupervisionItemId, f => SupervisionLights.Day(f.CreatedAtUtc));

        var changed = new Dictionary<StatusLight, List<int>>();
        var notices = new List<(Open Item, NoticeKind Kind, DateOnly On)>();
        foreach (var item in items)
        {
            var closed = item.Status == SupervisionStatus.Closed;
            var start = SupervisionLights.Day(item.CreatedAtUtc);
            var leadDays = feedback[item.Id].ToList();
            var missed = closed ? null : SupervisionLights.MissedDue(start, item.Deadline, item.Cadence, leadDays, today);
            var light = SupervisionLights.Light(item.Deadline, today, closed, missed is not null);
            if (light != item.Light)
            {
                (changed.TryGetValue(light, out var ids) ? ids : changed[light] = []).Add(item.Id);
                db.Add(new SupervisionStep
                {
                    SupervisionItemId = item.Id,
                    UnitId = item.UnitId,
                    Kind = SupervisionStepKind.MarkedLight,
                    Comment = $"{LightWord(item.Light)} → {LightWord(light)}",
                    AtUtc = now,
                });
            }

            if (closed)
            {
                continue;
            }

            if (item.Deadline < today)
            {
                notices.Add((item, NoticeKind.Overdue, item.Deadline));
            }

            if (missed is { } m)
            {
                notices.Add((item, NoticeKind.Missed, m));
            }

            if (SupervisionLights.NextUnansweredDue(start, item.Deadline, item.Cadence, leadDays, today) is { } due
                && due.DayNumber - today.DayNumber <= options.Value.ReminderDays)
            {
                notices.Add((item, NoticeKind.Due, due));
            }
        }

        var notified = await NotifyAsync(notices, now, ct);
        await db.SaveChangesAsync(ct);

        // Stored without touching Version: the light is the job's judgement, not a user's edit,
        // and must not turn a user's concurrent edit of the item into a conflict. Written after
        // SaveChanges so that rows are locked after the audit head, as every other writer does.
        foreach (var (light, ids) in changed)
        {
            await db.Set<SupervisionItem>().Where(i => ids.Contains(i.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Light, light), ct);
        }

        await db.Set<SupervisionItem>().Where(i => i.Status != SupervisionStatus.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LightMarkedAtUtc, now), ct);
        return new SupervisionTickResult(slot, items.Count, changed.Values.Sum(v => v.Count), notified);
    }

    private enum NoticeKind
    {
        Overdue,
        Missed,
        Due,
    }

    /// <summary>
    /// Overdue goes to the lead unit and the supervision office; feedback due and feedback missed
    /// to the lead unit, which owes it (the office sees a missed feedback as a yellow light).
    /// </summary>
    private async Task<int> NotifyAsync(List<(Open Item, NoticeKind Kind, DateOnly On)> events, DateTime now, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var unitUsers = await Inbox.UnitUsersAsync(db, events.Select(e => e.Item.UnitId), ct);
        var office = events.Any(e => e.Kind == NoticeKind.Overdue) ? await Inbox.RoleUsers(db, Roles.SupervisionOffice).Select(u => u.Id).ToListAsync(ct) : [];
        var notices = events.Select(e =>
        {
            var (item, kind, on) = e;
            var date = on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var link = $"/supervision/{item.Id}";
            var lead = unitUsers[item.UnitId].ToList();
            return kind switch
            {
                NoticeKind.Overdue => new Notice([.. lead, .. office], NotificationKind.Overdue,
                    $"督办事项已逾期（期限{date}）：{item.CaseNumber} {item.Title}", link, $"sup-overdue:{item.Id}:{date}",
                    new NoticeText("Supervision.Notice.Overdue", on, item.CaseNumber, item.Title)),
                NoticeKind.Missed => new Notice(lead, NotificationKind.FeedbackMissed,
                    $"未按期反馈（应于{date}前反馈）：{item.CaseNumber} {item.Title}", link, $"sup-missed:{item.Id}:{date}",
                    new NoticeText("Supervision.Notice.Missed", on, item.CaseNumber, item.Title)),
                _ => new Notice(lead, NotificationKind.FeedbackDue,
                    $"反馈即将到期（{date}前）：{item.CaseNumber} {item.Title}", link, $"sup-due:{item.Id}:{date}",
                    new NoticeText("Supervision.Notice.Due", on, item.CaseNumber, item.Title)),
            };
        }).ToList();
        return await Inbox.NotifyOnceAsync(db, notices, now, ct);
    }

    /// <summary>The history's word for a light (the history shows stored text, in the city's language).</summary>
    private static string LightWord(StatusLight light) => light switch
    {
        StatusLight.Green => "正常",
        StatusLight.Yellow => "预警",
        _ => "滞后",
    };
}
