using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Units;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum UnitKind
{
    City = 0,
    District = 1,
    County = 2,
    DevelopmentZone = 3,
    Department = 4,
    StateEnterprise = 5,
}

/// <summary>
/// A node of the organisation tree. <see cref="Path"/> is the materialised chain of ids
/// ("/1/4/") so that "this unit and everything below it" is one prefix comparison in SQL.
/// </summary>
public sealed class Unit : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? ShortName { get; set; }
    public required string Code { get; set; }
    public UnitKind Kind { get; set; }
    public int? ParentId { get; set; }
    public Unit? Parent { get; set; }
    public string Path { get; set; } = "/";
    public int SortOrder { get; set; }

    /// <summary>
    /// The unit directly under the city that a unit of this path belongs to (the second id of
    /// "/city/unit/…"), or <paramref name="unitId"/> itself at the top. Read in place: the cockpit
    /// and the bulletin ask it of thousands of units at province scale.
    /// </summary>
    public static int TopUnitOf(int unitId, string path)
    {
        var segment = 0;
        foreach (var range in path.AsSpan().Split('/'))
        {
            var part = path.AsSpan()[range];
            if (!part.IsEmpty && ++segment == 2)
            {
                return int.Parse(part, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return unitId;
    }

    /// <summary>Other names the unit is known by, separated by '|' (e.g. 高新区|资阳高新区).</summary>
    public string? Aliases { get; set; }

    /// <summary>A disabled unit leaves the pickers and takes no new records; it stays in history and in figures.</summary>
    public bool IsDisabled { get; set; }

    /// <summary>
    /// The district or county of the city map this unit answers for, by the map's name (雁江区);
    /// null: a district or county goes by its own name, any other unit has no area (issue 21).
    /// </summary>
    public string? MapArea { get; set; }

    public int Version { get; set; }
}

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.Property(u => u.Name).HasMaxLength(100);
        b.Property(u => u.ShortName).HasMaxLength(50);
        b.Property(u => u.Code).HasMaxLength(32);
        b.Property(u => u.Path).HasMaxLength(400);
        b.Property(u => u.Aliases).HasMaxLength(400);
        b.Property(u => u.MapArea).HasMaxLength(50);
        b.HasIndex(u => u.Code).IsUnique();
        b.HasIndex(u => u.Path);
        b.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
