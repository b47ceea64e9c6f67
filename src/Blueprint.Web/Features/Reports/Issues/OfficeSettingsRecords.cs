using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reports.Issues;

public sealed record OfficeSettingsInput(string? Authority, string? Signature, string? MainRecipients, string? CopyTo, int Version);

public sealed record OfficeSettingsDto(string Office, string Authority, string Signature, string? MainRecipients, string? CopyTo, int Version)
{
    public static OfficeSettingsDto From(OfficeSettings s) => new(s.Office, s.Authority, s.Signature, s.MainRecipients, s.CopyTo, s.Version);
}

/// <summary>An office keeps its own settings: the project office those of its bulletin and brief, the supervision office those of its bulletin.</summary>
public static class OfficeSettingsRecords
{
    public static readonly IReadOnlyList<string> Offices = [Roles.ProjectOffice, Roles.SupervisionOffice];

    public static async Task<StepOutcome<OfficeSettings>> SaveAsync(
        BlueprintDb db, string office, OfficeSettingsInput input, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (!Offices.Contains(office))
        {
            return Refusal.NotFound;
        }

        if (!db.CurrentUser.IsInRole(office))
        {
            return Refusal.Forbidden();
        }

        var check = new Validation(t)
            .Require(!string.IsNullOrWhiteSpace(input.Authority), "authority", "Issues.AuthorityRequired")
            .Require(!string.IsNullOrWhiteSpace(input.Signature), "signature", "Issues.SignatureRequired")
            .Require((input.Authority?.Length ?? 0) <= OfficeSettings.AuthorityMax && (input.Signature?.Length ?? 0) <= OfficeSettings.AuthorityMax, "authority", "Issues.TooLong")
            .Require((input.MainRecipients?.Length ?? 0) <= OfficeSettings.ListMax && (input.CopyTo?.Length ?? 0) <= OfficeSettings.ListMax, "copyTo", "Issues.TooLong");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var settings = await db.Set<OfficeSettings>().FirstOrDefaultAsync(s => s.Office == office, ct);
        if (settings is null)
        {
            settings = new OfficeSettings { Office = office, Authority = "", Signature = "" };
            db.Add(settings);
        }
        else
        {
            db.Entry(settings).Property(s => s.Version).OriginalValue = input.Version;
        }

        settings.Authority = input.Authority!.Trim();
        settings.Signature = input.Signature!.Trim();
        settings.MainRecipients = Blank(input.MainRecipients);
        settings.CopyTo = Blank(input.CopyTo);
        await db.SaveChangesAsync(ct);
        return settings;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
