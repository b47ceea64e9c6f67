using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Access;

public sealed class User : IdentityUser<int>
{
    /// <summary>The office title shown in the UI (e.g. 安岳县发改局填报员); people's names are not needed.</summary>
    public required string DisplayName { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public DataScope Scope { get; set; }

    /// <summary>Set with every initial or reset password: the user must choose their own before anything else.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>A disabled account cannot sign in; it stays, with its name, in every record it wrote.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

public sealed class Role : IdentityRole<int>
{
    public Role()
    {
    }

    public Role(string name) : base(name)
    {
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.HasOne(u => u.Unit).WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
