using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects;

/// <summary>One project of a choice (member-initialised so a query can still filter on it).</summary>
public sealed record ProjectChoice
{
    public required int Id { get; init; }
    public required string Name { get; init; }
}

/// <summary>
/// The options of a project choice that stays small at province scale (issue 20 item 5, like
/// <see cref="Units.UnitChoices"/>): up to <see cref="Limit"/> projects as they are; beyond that
/// only the chosen one, the rest found by a search as you type (<c>GET /api/projects/lookup</c>,
/// wwwroot/js/unit-search.js). Without JavaScript the chosen project stays chosen.
/// </summary>
public sealed record ProjectChoices(IReadOnlyList<ProjectChoice> Projects, bool Searchable)
{
    public const int Limit = 200;

    /// <param name="choices">The projects the page offers (ordered by name here).</param>
    public static async Task<ProjectChoices> LoadAsync(IQueryable<ProjectChoice> choices, int? selected, int limit = Limit, CancellationToken ct = default)
    {
        var all = await choices.OrderBy(p => p.Name).ThenBy(p => p.Id).Take(limit + 1).ToListAsync(ct);
        if (all.Count <= limit)
        {
            return new ProjectChoices(all, false);
        }

        return new ProjectChoices(selected is { } id ? await choices.Where(p => p.Id == id).Take(1).ToListAsync(ct) : [], true);
    }
}
