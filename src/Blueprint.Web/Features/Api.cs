using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Indicators.Excel;
using Blueprint.Web.Features.Map;
using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Portal;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Projects.Proposals;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Reports;
using Blueprint.Web.Features.Reports.Issues;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;

namespace Blueprint.Web.Features;

/// <summary>Every API group of every feature, in one greppable list.</summary>
public static class Api
{
    public static WebApplication MapBlueprintApi(this WebApplication app)
    {
        app.MapAuthApi();
        app.MapUnitsApi();
        app.MapUnitAdminApi();
        app.MapAccountAdminApi();
        app.MapProjectsApi();
        app.MapSitePhotosApi();
        app.MapProjectMap();
        app.MapPlanEntriesApi();
        app.MapProgressReportsApi();
        app.MapReportingWindowsApi();
        app.MapProgressExport();
        app.MapProblemsApi();
        app.MapBulletinApi();
        app.MapExcelApi();
        app.MapProjectLibraryApi();
        app.MapProjectProposalsApi();
        app.MapAnnualPlanApi();
        app.MapBulletinExportsApi();
        app.MapFunnelApi();
        app.MapGoalsApi();
        app.MapIndicatorsApi();
        app.MapIndicatorValuesApi();
        app.MapPlanYearsApi();
        app.MapIndicatorExcelApi();
        app.MapReviewsApi();
        app.MapSupervisionApi();
        app.MapMeetingsApi();
        app.MapMilestonesApi();
        app.MapSupervisionRankingsApi();
        app.MapNotificationsApi();
        app.MapToDoApi();
        app.MapUnitOverviewApi();
        app.MapReportsApi();
        app.MapIssuesApi();
        app.MapReaderApi();
        app.MapCockpitApi();
        app.MapPortal();
        app.MapAuditApi();
        return app;
    }
}
