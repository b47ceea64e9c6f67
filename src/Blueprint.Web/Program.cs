using Blueprint.Web.Components;
using Blueprint.Web.Components.Account;
using Blueprint.Web.Data;
using Blueprint.Web.Features;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Admin;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reader.Extraction;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddBlueprintDb(builder.Configuration);
builder.Services.AddSharedKeys(builder.Configuration);
builder.Services.AddDatabaseHealth();
builder.Services.AddAccess();
builder.Services.AddBlueprintInfrastructure();
builder.Services.AddRequestLimit(builder.Configuration);
builder.AddBlueprintTelemetry();
builder.Services.AddReverseProxySupport(builder.Configuration);
builder.Services.AddSupervisionJob();
builder.Services.AddReportingReminders();
builder.Services.AddKeptFigurePruning();
builder.Services.AddNotifications();
builder.Services.AddReportReader();
builder.Services.AddCockpit();
builder.Services.AddImportGate();
builder.Services.AddRazorComponents();

var app = builder.Build();

if (AdminCommands.IsAdminCommand(args))
{
    return await AdminCommands.RunAsync(app, AdminCommands.Words(args));
}

if (!await app.PrepareToServeAsync())
{
    return 1;
}

app.UseBlueprintInfrastructure();
app.UseRateLimiter();
app.MapDatabaseHealth();
app.MapTelemetry();
app.UseAuthentication();
app.UseCrossSiteWriteCheck();
app.UsePasswordGate();
app.UseAuthorization();
app.UseAntiforgery();
app.UseImportGate();
app.MapStaticAssets();
app.MapBlueprintApi();
app.MapAccountEndpoints();
app.MapRazorComponents<App>()
    // The catch-all page (an unknown address, UnknownAddress.razor) answers reads only: a write to an
    // unknown address, or one an API endpoint turns away for its body, must not land on a page.
    .Add(e =>
    {
        if (e is RouteEndpointBuilder { RoutePattern.RawText: { } raw } && raw.Contains("{*Path}", StringComparison.Ordinal))
        {
            e.Metadata.Add(new HttpMethodMetadata(["GET", "HEAD"]));
        }
    });

return await app.RunOrExplainAsync();

/// <summary>Lets WebApplicationFactory find the entry point.</summary>
public partial class Program;
