using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Access;

/// <summary>
/// Accounts for the two administrators who keep them: the system administrator opens, edits
/// and disables them (<see cref="AccountAdmin"/>); the security administrator gives roles and
/// scope, unlocks and resets passwords (<see cref="AccountSecurity"/>) and ends sessions
/// (<see cref="SessionAdmin"/>). Both read the list.
/// </summary>
public static class AccountAdminApi
{
    public static IEndpointRouteBuilder MapAccountAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/accounts").WithTags("Administration")
            .RequireAuthorization(p => p.RequireRole(AccountAdmin.Keepers, AccountSecurity.Keepers));
        group.MapGet("/", async (BlueprintDb db, TimeProvider clock, string? q, int? unitId, string? role, string? status, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await AccountQueries.PageAsync(db, new AccountFilter(q, unitId, role, status), Now(clock), page, pageSize, ct)));
        group.MapGet("/xlsx", async (BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, string? q, int? unitId, string? role, string? status, CancellationToken ct) =>
        {
            var filter = new AccountFilter(q, unitId, role, status);
            var rows = await AccountQueries.ListAsync(db, filter, Now(clock), ct);
            // Names, phones and e-mails leave the system: the export is recorded as a read (entity User, action Export).
            await AuditLog.RecordReadAsync(db, nameof(User), "Export", filter, rows.Count, clock, ct);
            var sheet = new XlsxSheet(t["AccountAdmin.Title"], AccountQueries.ExportColumns(t), AccountQueries.ExportRows(rows, t))
            {
                Title = Xlsx.Filtered(t["AccountAdmin.FileName"], Xlsx.SearchFilter(t, q),
                    unitId is { } u ? await db.Set<Units.Unit>().Where(x => x.Id == u).Select(x => x.Name).SingleOrDefaultAsync(ct) : null,
                    Roles.All.Contains(role) ? t[$"Role.{role}"].Value : null,
                    string.IsNullOrWhiteSpace(status) ? null : t[$"AccountAdmin.Status.{status}"] is { ResourceNotFound: false } st ? st.Value : null),
            };
            return TypedResults.File(await Xlsx.ExportAsync(sheet, ct), Xlsx.ContentType, t["AccountAdmin.FileName"] + ".xlsx");
        });
        group.MapGet("/{id:int}", async Task<Results<Ok<AccountRow>, ProblemHttpResult>> (int id, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await AccountQueries.FindAsync(db, id, Now(clock), ct) is { } row ? TypedResults.Ok(row) : Problems.NotFound(t));

        var keep = group.MapGroup("").RequireAuthorization(p => p.RequireRole(AccountAdmin.Keepers));
        keep.MapPost("/", async (AccountInput input, BlueprintDb db, UserManager<User> users, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await new AccountAdmin(db, users, t, clock).CreateAsync(input, ct);
            var row = outcome.Succeeded ? await AccountQueries.FindAsync(db, outcome.Value!.User.Id, Now(clock), ct) : null;
            return outcome.ToCreated(c => new AccountPasswordDto(row!, c.InitialPassword), c => $"/api/admin/accounts/{c.User.Id}", t);
        });
        keep.MapGet("/template", async (BlueprintDb db, IStringLocalizer<SharedResource> t, IOptions<XlsxUploadOptions> options, CancellationToken ct) =>
            TypedResults.File(await AccountSheet.TemplateAsync(db, t, options.Value, ct), Xlsx.ContentType, t["AccountImport.TemplateName"] + ".xlsx"));
        // A good batch is answered with its list of one-time passwords, the only copy there will
        // ever be (decision 0020); row errors as for every import (?format=xlsx: as a workbook).
        keep.MapPost("/import", async Task<Results<XlsxFileResult, ProblemHttpResult>> (
            HttpContext http, string? format, BlueprintDb db, UserManager<User> users, IStringLocalizer<SharedResource> t, TimeProvider clock,
            IOptions<XlsxUploadOptions> options, CancellationToken ct) =>
        {
            var upload = await XlsxUpload.ReadAsync(http.Request, options.Value, t, ct);
            if (upload.Refusal is { } refused)
            {
                return refused;
            }

            var outcome = await new AccountImport(db, users, t, clock).ImportAsync(upload.Content!, ct);
            if (outcome.Issued is { } issued)
            {
                http.Response.Headers.CacheControl = "no-store";
                return new XlsxFileResult(await AccountSheet.PasswordListAsync(issued, t, ct), t["AccountImport.PasswordFileName"] + ".xlsx");
            }

            return outcome.Errors is { } errors && string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
                ? new XlsxFileResult(await errors.ToXlsxAsync(ct), t["Import.Report.FileName"] + ".xlsx", StatusCodes.Status400BadRequest)
                : outcome.Errors?.ToProblem() ?? outcome.Refusal!;
        }).Accepts<IFormFile>("multipart/form-data").WithMetadata(new HeavyImportAttribute()).Produces(StatusCodes.Status200OK, contentType: Xlsx.ContentType);
        keep.MapPut("/{id:int}", async (int id, AccountInput input, BlueprintDb db, UserManager<User> users, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            await RowAsync(await new AccountAdmin(db, users, t, clock).UpdateAsync(id, input, ct), db, clock, t, ct));
        keep.MapPost("/{id:int}/disable", async (int id, AccountVersionInput input, BlueprintDb db, UserManager<User> users, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            await RowAsync(await new AccountAdmin(db, users, t, clock).SetDisabledAsync(id, true, input.Version, ct), db, clock, t, ct));
        keep.MapPost("/{id:int}/enable", async (int id, AccountVersionInput input, BlueprintDb db, UserManager<User> users, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            await RowAsync(await new AccountAdmin(db, users, t, clock).SetDisabledAsync(id, false, input.Version, ct), db, clock, t, ct));

        var secure = group.MapGroup("").RequireAuthorization(p => p.RequireRole(AccountSecurity.Keepers));
        secure.MapPut("/{id:int}/access", async (int id, AccessInput input, BlueprintDb db, UserManager<User> users, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            await RowAsync(await new AccountSecurity(db, users, t, clock).SetAccessAsync(id, input, ct), db, clock, t, ct));
        secure.MapPost("/{id:int}/unlock", async (int id, AccountVersionInput input, BlueprintDb db, UserManager<User> users, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            await RowAsync(await new AccountSecurity(db, users, t, clock).UnlockAsync(id, input.Version, ct), db, clock, t, ct));
        secure.MapPost("/{id:int}/reset-password", async (int id, AccountVersionInput input, BlueprintDb db, UserManager<User> users, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await new AccountSecurity(db, users, t, clock).ResetPasswordAsync(id, input.Version, ct);
            var row = outcome.Succeeded ? await AccountQueries.FindAsync(db, id, Now(clock), ct) : null;
            return outcome.ToResult(c => new AccountPasswordDto(row!, c.InitialPassword), t);
        });
        // 会话: the sessions of an account, and ending one (decision 0032).
        secure.MapGet("/{id:int}/sessions", async (int id, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, SessionOptions options, CancellationToken ct) =>
            (await new SessionAdmin(db, t, clock, options).ListAsync(id, ct)).ToResult(rows => rows, t));
        secure.MapPost("/{id:int}/sessions/{sessionId:long}/end", async (int id, long sessionId, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, SessionOptions options, CancellationToken ct) =>
            (await new SessionAdmin(db, t, clock, options).EndAsync(id, sessionId, ct)).ToResult(row => row, t));
        return app;
    }

    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    private static async Task<Results<Ok<AccountRow>, ValidationProblem, ProblemHttpResult>> RowAsync(
        Infrastructure.StepOutcome<User> outcome, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var row = outcome.Succeeded ? await AccountQueries.FindAsync(db, outcome.Value!.Id, Now(clock), ct) : null;
        return outcome.ToResult(_ => row!, t);
    }
}
