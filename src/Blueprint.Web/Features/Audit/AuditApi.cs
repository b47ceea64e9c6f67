using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Audit;

/// <summary>
/// The audit log, the sign-in log and the chain check, for the audit administrator only
/// (三员分立: the system and security administrators do not read what they are audited by).
/// Every read and export is itself recorded in the chain (<see cref="AuditLog.RecordReadAsync"/>).
/// </summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(p => p.RequireRole(Roles.AuditAdmin));

        group.MapGet("/", async ([AsParameters] AuditFilter f, int? page, int? pageSize, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var result = await AuditLog.PageAsync(db, f, new AuditLabels(t, db.Model), page, pageSize, ct);
            await AuditLog.RecordReadAsync(db, AuditLog.LogEntity, "Read", f, result.Items.Count, clock, ct);
            return TypedResults.Ok(result);
        });
        group.MapGet("/xlsx", async ([AsParameters] AuditFilter f, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var rows = await AuditLog.AllAsync(db, f, new AuditLabels(t, db.Model), ct);
            await AuditLog.RecordReadAsync(db, AuditLog.LogEntity, "Export", f, rows.Count, clock, ct);
            var sheet = new XlsxSheet(t["Audit.Title"], AuditLog.ExportColumns(t), AuditLog.ExportRows(rows, t)) { Title = DownloadName.Title(t, "Download.Audit") };
            return TypedResults.File(await Xlsx.ExportAsync(sheet, ct), Xlsx.ContentType, DownloadName.Of(t, "Download.Audit", ".xlsx"));
        });
        group.MapPost("/verify", async (BlueprintDb db, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(await AuditChecks.VerifyAndRecordAsync(db, clock, ct)));
        group.MapGet("/checks", async (BlueprintDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var checks = await AuditChecks.LatestAsync(db, 20, ct);
            await AuditLog.RecordReadAsync(db, AuditLog.ChainEntity, "Read", new { }, checks.Count, clock, ct);
            return TypedResults.Ok(checks);
        });

        group.MapGet("/sign-ins", async ([AsParameters] SignInFilter f, int? page, int? pageSize, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var rows = await SignInLog.Query(db, f).ToPageAsync(page, pageSize, ct);
            await AuditLog.RecordReadAsync(db, AuditLog.SignInLogEntity, "Read", f, rows.Items.Count, clock, ct);
            return TypedResults.Ok(new Page<SignInEventDto>([.. rows.Items.Select(e => SignInLog.AsDto(e, t))], rows.Total, rows.PageNumber, rows.PageSize));
        });
        group.MapGet("/sign-ins/xlsx", async ([AsParameters] SignInFilter f, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var rows = (await SignInLog.Query(db, f).ToListAsync(ct)).Select(e => SignInLog.AsDto(e, t)).ToList();
            await AuditLog.RecordReadAsync(db, AuditLog.SignInLogEntity, "Export", f, rows.Count, clock, ct);
            var sheet = new XlsxSheet(t["SignIns.Title"], SignInLog.ExportColumns(t), SignInLog.ExportRows(rows, t)) { Title = DownloadName.Title(t, "Download.SignIns") };
            return TypedResults.File(await Xlsx.ExportAsync(sheet, ct), Xlsx.ContentType, DownloadName.Of(t, "Download.SignIns", ".xlsx"));
        });
        return app;
    }
}
