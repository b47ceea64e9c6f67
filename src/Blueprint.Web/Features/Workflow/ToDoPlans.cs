using System.Collections.Concurrent;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Blueprint.Web.Features.Workflow;

/// <summary>
/// The to-do's statements — the count's, and each source's list that is one query — built and
/// compiled once per model, shape of user and day (<see cref="PerShape"/>, decision 0056), and run
/// with the reader's id, unit and path. Written out, a unit reporter's count spent nine tenths of its
/// time in EF building, parameterising and looking up its large statements, and a tenth running
/// them. The day is part of the key because the sources read it (the open months, the periods
/// over). A source counted apart, or listed by more than one query, is built and run for each
/// reader as before.
/// </summary>
internal static class ToDoPlans
{
    /// <summary>More plans than this are dropped together (a day's shapes are a few dozen).</summary>
    private const int MaxPlans = 256;

    private static readonly ConcurrentDictionary<(IModel Model, string Shape, DateOnly Today), Plan> Plans = new();

    /// <summary>The plan for the reader of <paramref name="db"/>; <paramref name="sourcesOf"/> gives the sources for another context, to build a shape's statements through.</summary>
    public static Plan For(BlueprintDb db, DateOnly today, Func<BlueprintDb, IReadOnlyList<Func<ToDoSource>>> sourcesOf)
    {
        if (Plans.Count > MaxPlans)
        {
            Plans.Clear();
        }

        return Plans.GetOrAdd((db.Model, PerShape.KeyOf(db.CurrentUser), today), static (_, arg) => Build(arg.db, arg.sourcesOf), (db, sourcesOf));
    }

    private static Plan Build(BlueprintDb db, Func<BlueprintDb, IReadOnlyList<Func<ToDoSource>>> sourcesOf)
    {
        using var shaped = PerShape.ContextFor(db);
        List<ToDoSource> sources = [.. sourcesOf(shaped).Select(s => s())];
        return new([.. ToDoSource.CountStatements(sources).Select(PerShape.Compile)],
            [.. Enumerable.Range(0, sources.Count).Where(i => sources[i].Entries is null)],
            [.. sources.Select(s => s.Compiled?.Invoke())]);
    }

    /// <summary>A shape's compiled statements: the count's, which sources count apart, and each source's compiled list (or null).</summary>
    internal sealed record Plan(
        List<Func<BlueprintDb, int, int, string, int, IAsyncEnumerable<ToDoSource.PlaceCount>>> Statements, List<int> Apart, List<ToDoListing?> Lists)
    {
        /// <summary>The number of entries of each of the reader's <paramref name="sources"/> (in <see cref="ToDoSources.For"/>'s order).</summary>
        public async Task<int[]> CountEachAsync(BlueprintDb db, IReadOnlyList<Func<ToDoSource>> sources, CancellationToken ct)
        {
            Check(sources);
            var (userId, unitId, unitPath) = PerShape.ValuesOf(db.CurrentUser);
            var counts = new int[sources.Count];
            foreach (var statement in Statements)
            {
                await foreach (var place in statement(db, userId, unitId, unitPath, 0).WithCancellation(ct))
                {
                    counts[place.Place] = place.Count;
                }
            }

            foreach (var i in Apart)
            {
                counts[i] = await sources[i]().Count!(ct);
            }

            return counts;
        }

        /// <summary>The first entries of the reader's source at <paramref name="place"/> (all for a null limit).</summary>
        public Task<List<ToDoEntry>> ListAsync(BlueprintDb db, IReadOnlyList<Func<ToDoSource>> sources, int place, int? limit, CancellationToken ct)
        {
            Check(sources);
            return Lists[place] is { } compiled ? compiled(db, limit, ct) : sources[place]().List(limit, ct);
        }

        private void Check(IReadOnlyList<Func<ToDoSource>> sources)
        {
            if (Lists.Count != sources.Count)
            {
                throw new InvalidOperationException($"The to-do's plan for this shape has {Lists.Count} sources, the reader {sources.Count}: the shape's key misses something the sources depend on.");
            }
        }
    }
}
