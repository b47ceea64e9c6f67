using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Portal;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Proposals;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Reports.Issues;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// One record of every entity of the model, all belonging to one unit, with Chinese text,
/// money that a double could not hold exactly, and microsecond instants. The round-trip and
/// scope tests are built on it, so a new entity only has to be added here.
/// </summary>
public sealed class EntityGraph
{
    /// <summary>2^53 + 1 元: exact in a long, rounded in a double.</summary>
    public const long Money = 9_007_199_254_740_993;

    public List<object> All { get; } = [];

    public KeyProject Project { get; private set; } = null!;

    // Test classes run in parallel and graphs share the 2099 plan year and the 2080 windows:
    // creating them one at a time keeps "find or create" free of races.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<EntityGraph> CreateAsync(BlueprintDb db, int unitId, string tag)
    {
        await Gate.WaitAsync();
        try
        {
            return await CreateUnguardedAsync(db, unitId, tag);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<EntityGraph> CreateUnguardedAsync(BlueprintDb db, int unitId, string tag)
    {
        var g = new EntityGraph();
        var at = new DateTime(2024, 4, 30, 8, 15, 30, DateTimeKind.Utc).AddTicks(1234560);
        var user = await db.Set<User>().OrderBy(u => u.Id).FirstAsync();
        var year = await db.Set<PlanYear>().FirstOrDefaultAsync(y => y.Year == 2099)
            ?? g.Add(db, new PlanYear { Year = 2099, Title = "2099年蓝图", Positioning = "成渝地区中部崛起示范区" });
        var priority = g.Add(db, new Priority { PlanYear = year, Title = $"三件大事之一（{tag}）", SortOrder = 1 });
        var goal = g.Add(db, new Goal { PlanYear = year, Priority = priority, Title = $"高新区提质发展 {tag}", UnitId = unitId });
        var indicator = g.Add(db, new Indicator
        {
            PlanYear = year,
            Goal = goal,
            Name = $"地区生产总值增速 {tag}",
            Measure = "%",
            Direction = IndicatorDirection.HigherIsBetter,
            Baseline = 6.5m,
            AnnualTarget = 8.0001m,
            Profile = ScheduleProfile.Quarterly,
            ValueKind = IndicatorValueKind.Level,
            ScheduleShares = [12.5m, 40.0001m, 70m, 100m],
            DataSource = "市统计局",
            UnitId = unitId,
        });
        g.Add(db, new IndicatorTarget { Indicator = indicator, UnitId = unitId, Period = 3, Target = 7.25m });
        g.Add(db, new IndicatorValue
        {
            Indicator = indicator,
            UnitId = unitId,
            Year = 2099,
            Period = 3,
            Value = 7.1234m,
            Status = SubmissionStatus.Submitted,
            SubmittedById = user.Id,
            RecordedAtUtc = at,
            CorrectionReason = "统计口径调整",
        });
        var project = g.Project = g.Add(db, new KeyProject
        {
            Code = $"T-{tag}",
            Name = $"星河动力固体飞行器研发生产基地 {tag}",
            UnitId = unitId,
            ResponsibleLeader = "市政府分管副市长",
            Category = ProjectCategory.Industry,
            Stage = ProjectStage.UnderConstruction,
            IndustryChain = "商业航天",
            ChainLink = ChainLink.Build,
            Location = "资阳临空经济区",
            Latitude = 30.123456,
            Longitude = 104.654321,
            TotalInvestment = Money,
            PlannedStart = new DateOnly(2023, 10, 1),
            ActualStart = new DateOnly(2023, 10, 18),
            PlannedBenefit = new ProjectBenefit { OutputValue = Money - 1, Tax = 123_456_789_012, Jobs = 800, RunningCost = 0 },
            ActualBenefit = new ProjectBenefit { OutputValue = 1, Tax = 2, Jobs = 3, RunningCost = 4 },
        });
        g.Add(db, new AnnualPlanEntry { Year = 2099, KeyProject = project, UnitId = unitId, PlanType = PlanType.PlannedStart, PlannedCompletion = true, AnnualPlannedInvestment = Money, PlannedStartMonth = 3, PlannedCompletionMonth = 12 });
        g.Add(db, new AnnualPlanRevision { Year = 2099, KeyProject = project, UnitId = unitId, PlanType = PlanType.Continuing, AnnualPlannedInvestment = Money, Removed = true, Reason = "经市政府常务会议研究调整", RecordedBy = "project.office", RecordedAtUtc = at });
        g.Add(db, new ProgressReport
        {
            KeyProject = project,
            UnitId = unitId,
            Year = 2099,
            Month = 4,
            InvestmentThisMonth = 100_000_001,
            InvestmentYearToDate = 400_000_003,
            InvestmentSinceStart = Money,
            PhysicalProgress = "主体结构封顶，设备进场",
            NodesReached = "封顶",
            ProblemsRaised = "用地指标待落实",
            Status = SubmissionStatus.Draft,
            RecordedAtUtc = at,
        });
        g.Add(db, new ProjectStageChange { KeyProject = project, UnitId = unitId, Stage = ProjectStage.Started, OnDate = new DateOnly(2023, 10, 18), RecordedAtUtc = at });
        g.Add(db, new ProjectProposalStep { KeyProject = project, UnitId = unitId, Kind = ProposalStepKind.Returned, ActorId = user.Id, AtUtc = at, Reason = "请补充可研批复文号" });
        g.Add(db, new Problem
        {
            Title = $"用地报批滞后 {tag}",
            Description = "需协调省自然资源厅",
            Kind = ProblemKind.Land,
            UnitId = unitId,
            KeyProject = project,
            CoordinatingLeader = "市政府分管副市长",
            Deadline = new DateOnly(2099, 6, 30),
            EscalationLevel = 2,
            Status = ProblemStatus.CannotSolveNow,
            Answer = "受国家政策限制，暂不具备解决条件",
            CreatedAtUtc = at,
        });
        var template = g.Add(db, new ReviewTemplate { Name = $"务虚会模板 {tag}" });
        g.Add(db, new ReviewTemplateSection { ReviewTemplateId = 0, Key = "problems", Title = "存在问题", SortOrder = 2 }, s => template.Sections.Add(s));
        var campaign = g.Add(db, new ReviewCampaign { Year = 2099, Title = $"2099年市委工作务虚会 {tag}", Template = template, MeetingDate = new DateOnly(2099, 12, 4), Deadline = new DateOnly(2099, 11, 30), Status = CampaignStatus.Open });
        var submission = g.Add(db, new ReviewSubmission { Campaign = campaign, UnitId = unitId, Status = SubmissionStatus.Submitted, SubmittedById = user.Id, SubmittedAtUtc = at });
        g.Add(db, new ReviewSubmissionSection { Key = "problems", Html = "<p>过去的农业园区建设大多只考虑了投入，没有考虑效益</p>" }, s => submission.Sections.Add(s));
        g.Add(db, new ReviewComment { Submission = submission, UnitId = unitId, AuthorId = user.Id, SectionKey = "problems", Text = "请补充效益测算", CreatedAtUtc = at });
        var meeting = g.Add(db, new Meeting { Date = new DateOnly(2099, 12, 4), Title = $"市委工作务虚会 {tag}", AttendeeCount = 800, ParticipatingUnitCount = 100, DurationMinutes = 240, Minutes = "会议纪要" });
        g.Add(db, new MeetingUnit { UnitId = unitId }, u => meeting.Units.Add(u));
        var decision = g.Add(db, new Decision { Meeting = meeting, Text = "加快推进成资同城化", SortOrder = 1 });
        var item = g.Add(db, new SupervisionItem
        {
            CaseNumber = $"DB-{tag}",
            Title = $"落实务虚会决定事项 {tag}",
            Source = SupervisionSource.MeetingDecision,
            Basis = "市委工作务虚会",
            UnitId = unitId,
            Deadline = new DateOnly(2099, 3, 31),
            Cadence = FeedbackCadence.Monthly,
            Status = SupervisionStatus.InProgress,
            Decision = decision,
            CreatedAtUtc = at,
        });
        g.Add(db, new SupervisionCoUnit { UnitId = unitId }, c => item.CooperatingUnits.Add(c));
        g.Add(db, new SupervisionFeedback { Item = item, UnitId = unitId, AuthorId = user.Id, Text = "已完成方案编制", CreatedAtUtc = at });
        g.Add(db, new SupervisionStep { Item = item, UnitId = unitId, Kind = SupervisionStepKind.PushedBack, ActorId = user.Id, Comment = "已完成方案编制", PushBackKind = SupervisionPushBackKind.ExplanationOnly, AtUtc = at });
        g.Add(db, new ReviewItem { Submission = submission, UnitId = unitId, Kind = ReviewItemKind.Problem, SectionKey = "problems", Text = "农业园区只考虑投入、不考虑效益", Target = ReviewItemTarget.SupervisionItem, SupervisionItem = item, CreatedById = user.Id, CreatedAtUtc = at, LinkedAtUtc = at });
        g.Add(db, new ExtensionRequest { Item = item, UnitId = unitId, RequestedDeadline = new DateOnly(2099, 6, 30), Reason = "受汛期影响", RequestedById = user.Id });
        g.Add(db, new ProgressPhoto { KeyProject = project, UnitId = unitId, Year = 2099, Month = 4, FileName = "现场.jpg", ContentType = "image/jpeg", Size = 4, Content = [0xFF, 0xD8, 0xFF, 0xD9], Thumbnail = [0xFF, 0xD8, 0xFF, 0xD9], Width = 4, Height = 3, TakenAtUtc = at, Latitude = 30.1, Longitude = 105.3, DistanceMetres = 120, Flags = PhotoFlags.TakenEarly, UploadedById = user.Id, UploadedAtUtc = at });
        g.Add(db, new SupervisionAttachment { Item = item, UnitId = unitId, FileName = "落实方案.pdf", ContentType = "application/pdf", Size = 9, Content = "%PDF-1.7\n"u8.ToArray(), UploadedById = user.Id, UploadedAtUtc = at });
        var milestone = g.Add(db, new Milestone { Date = new DateOnly(2099, 9, 1), MonthOnly = true, Title = $"注册成立资阳商业航天发射技术研究院 {tag}", KeyProject = project, Goal = goal });
        g.Add(db, new MilestoneUnit { UnitId = unitId }, m => milestone.Units.Add(m));
        var report = g.Add(db, new ReaderDocument
        {
            Title = $"市委工作务虚会报道 {tag}",
            Year = 2099,
            Text = "2099年9月，注册成立资阳商业航天发射技术研究院。",
            FileName = "务虚会.docx",
            SentencesJson = """[{"number":1,"start":0,"text":"2099年9月，注册成立资阳商业航天发射技术研究院。"}]""",
            UploadedById = user.Id,
            UploadedBy = "project.office",
            UploadedAtUtc = at,
        });
        g.Add(db, new ReaderProposal
        {
            Document = report,
            Kind = ProposalKind.Milestone,
            SentenceNumber = 1,
            Confidence = 0.875,
            SpansJson = """[{"start":0,"length":7,"role":"date","text":"2099年9月"}]""",
            FieldsJson = """{"title":"注册成立资阳商业航天发射技术研究院","year":2099,"month":9}""",
            State = ProposalState.Accepted,
            RecordKind = ReaderRecordKind.Milestone,
            RecordId = 1,
            DecidedById = user.Id,
            DecidedAtUtc = at,
        });
        // Reporting windows are unique per month: each graph takes the next free month of 2080.
        var window = await db.Set<ReportingWindow>().CountAsync(w => w.Year == 2080) + 1;
        var month = g.Add(db, new ReportingWindow { Year = 2080, Month = window, OpensOn = new DateOnly(2080, window, 1), DueOn = new DateOnly(2080, window, 5), ClosedAtUtc = at, ClosedById = user.Id });
        g.Add(db, new ReportingReopening { Window = month, UnitId = unitId, Reason = $"汛期停工，延后报送 {tag}", ReopenedById = user.Id, ReopenedAtUtc = at });
        g.Add(db, new Notification { UserId = user.Id, Kind = NotificationKind.NewAssignment, Title = "新督办事项", Link = "/supervision", DedupKey = $"test-{tag}", CreatedAtUtc = at, EmailedAtUtc = at });
        g.Add(db, new SignInEvent { AtUtc = at, UserId = user.Id, UserName = $"登录 {tag}", Kind = SignInKind.LockedOut, ClientIp = "2001:db8::1", UserAgent = "测试浏览器" });
        // An ended session (never a live one: the user's own sign-ins stay unaffected) and an old password.
        g.Add(db, new UserSession
        {
            Key = Guid.NewGuid().ToString("N"),
            UserId = user.Id,
            StartedAtUtc = at.AddHours(-1),
            LastSeenAtUtc = at.AddMinutes(-5),
            EndedAtUtc = at,
            EndReason = SessionEnd.EndedByAdministrator,
            ClientIp = "2001:db8::2",
            UserAgent = $"测试浏览器 {tag}",
        });
        g.Add(db, new PasswordHistory { UserId = user.Id, PasswordHash = $"旧密码哈希 {tag}", ReplacedAtUtc = at });
        // Far beyond any real slot, so the job's pruning of old slots never removes it.
        g.Add(db, new JobTick { Job = $"测试任务-{tag}", Slot = 4_000_000_000_000_000_000 + Random.Shared.NextInt64(1_000_000_000_000_000), Node = $"节点 {tag}", RanAtUtc = at, Changed = 2, Notified = 3 });
        // A kind no write rule names, so that no other class's write marks it changed mid-test.
        g.Add(db, new Blueprint.Web.Features.Figures.KeptFigure
        {
            Kind = (Blueprint.Web.Features.Figures.KeptKind)99,
            Year = 1990,
            Month = 12,
            KnownAtTicks = Random.Shared.NextInt64(1, long.MaxValue / 2),
            Changes = Money,
            KeptChanges = Money,
            ComputedAtUtc = at,
            Data = $"{{\"单位\":\"留存 {tag}\"}}",
        });
        g.Add(db, new PortalReview
        {
            Kind = PublicKind.Milestone,
            RecordId = 900_000_000 + Random.Shared.Next(99_999_999),
            Status = PortalReviewStatus.Refused,
            Note = $"公开理由 {tag}",
            ProposedById = user.Id,
            ProposedAtUtc = at,
            DecidedById = user.Id,
            DecidedAtUtc = at,
            Reason = "涉及未公开的征地信息",
            WithdrawnById = user.Id,
            WithdrawnAtUtc = at,
            Version = 3,
        });
        g.Add(db, new DocumentIssue
        {
            Kind = DocumentKind.ProjectBulletin,
            Year = 2099,
            Number = 1_000_000 + Random.Shared.Next(999_999_999),
            Period = $"G{tag}-{Random.Shared.Next(99_999_999)}",
            IssuedAtUtc = at,
            IssuedById = user.Id,
        });
        g.Add(db, new OfficeSettings
        {
            Office = $"G{tag}-{Random.Shared.Next(99_999_999)}",
            Authority = $"测试市重点项目工作推进办公室 {tag}",
            Signature = "测试市重点项目工作推进办公室",
            MainRecipients = "各县（区）人民政府",
            CopyTo = "市委办公室",
            Version = 2,
        });
        g.Add(db, new SubmissionEvent
        {
            Kind = SubmissionKind.Progress.Name,
            RecordId = 9_000_000_000_000 + Random.Shared.NextInt64(999_999_999),
            Action = SubmissionAction.Return,
            ById = user.Id,
            AtUtc = at,
            Comment = $"本年累计与计量支付不符 {tag}",
            Fields = """{"InvestmentThisMonth":"9000000","PhysicalProgress":"主体施工"}""",
        });
        await db.SaveChangesAsync();
        return g;
    }

    private T Add<T>(BlueprintDb db, T entity, Action<T>? attach = null) where T : class
    {
        if (attach is null)
        {
            db.Add(entity);
        }
        else
        {
            attach(entity);
        }

        All.Add(entity);
        return entity;
    }
}
