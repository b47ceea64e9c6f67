using Blueprint.Web.Components;
using Blueprint.Web.Components.Account;
using Blueprint.Web.Data;
using Blueprint.Web.Features;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Admin;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Reader.Extraction;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddBlueprintDb(builder.Configuration);
builder.Services.AddAccess();
builder.Services.AddBlueprintInfrastructure();
builder.Services.AddSupervisionJob();
builder.Services.AddNotifications();
builder.Services.AddReportReader();
builder.Services.AddCockpit();
builder.Services.AddRazorComponents();

var app = builder.Build();

if (AdminCommands.IsAdminCommand(args))
{
    return await AdminCommands.RunAsync(app, args);
}

await app.PrepareDatabaseAsync();

app.UseBlueprintInfrastructure();
app.UseAuthentication();
app.UsePasswordGate();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapBlueprintApi();
app.MapAccountEndpoints();
app.MapRazorComponents<App>();

await app.RunAsync();
return 0;

/// <summary>Lets WebApplicationFactory find the entry point.</summary>
public partial class Program;
