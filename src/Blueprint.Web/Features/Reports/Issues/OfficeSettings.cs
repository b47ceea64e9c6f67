using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Reports.Issues;

/// <summary>
/// What an office prints on its official documents (GB/T 9704): the issuing authority of the
/// red 版头, the 主送 and 抄送 lists and the signature (编印 and 印发 unit). Kept per office, by
/// its role name (<see cref="Roles.ProjectOffice"/>, <see cref="Roles.SupervisionOffice"/>), and
/// edited by that office on /reports/settings, so that no city's name lives in the code.
/// </summary>
public sealed class OfficeSettings : IVersioned
{
    public const int AuthorityMax = 100, ListMax = 500;

    public int Id { get; set; }

    /// <summary>The office's role name.</summary>
    public required string Office { get; set; }
    public required string Authority { get; set; }
    public string? MainRecipients { get; set; }
    public string? CopyTo { get; set; }
    public required string Signature { get; set; }
    public int Version { get; set; }
}

internal sealed class OfficeSettingsConfiguration : IEntityTypeConfiguration<OfficeSettings>
{
    public void Configure(EntityTypeBuilder<OfficeSettings> b)
    {
        b.Property(s => s.Office).HasMaxLength(64);
        b.HasIndex(s => s.Office).IsUnique();
        b.Property(s => s.Authority).HasMaxLength(OfficeSettings.AuthorityMax);
        b.Property(s => s.Signature).HasMaxLength(OfficeSettings.AuthorityMax);
        b.Property(s => s.MainRecipients).HasMaxLength(OfficeSettings.ListMax);
        b.Property(s => s.CopyTo).HasMaxLength(OfficeSettings.ListMax);
    }
}
