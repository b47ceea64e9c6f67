using System.Collections.Concurrent;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Blueprint.Web.Features.Workflow;

/// <summary>
/// The to-do's count statements, built and compiled once per model, shape of user and day
/// (<see cref="PerShape"/>, decision 0056), and run with the reader's id, unit and path. Written
/// out, a unit reporter's count spent nine tenths of its time in EF building, parameterising and
/// looking up its large statements, and a tenth running them. The day is part of the key because
/// the sources read it (the open months, the periods over); the sources that count apart (their
/// entries are made in memory) are built and counted for each reader as before.
/// </summary>
internal static class ToDoPlans
{
    /// <summary>More plans than this are dropped together (a day's shapes are a few dozen).</summary>
    private const int MaxPlans = 256;

    private static readonly ConcurrentDictionary<(IModel Model, string Shape, DateOnly Today), Plan> Plans = new();

    /// <summary>
    /// The number of entries of each of <paramref name="sources"/> (the reader's, in
    /// <see cref="ToDoSources.For"/>'s order); <paramref name="sourcesOf"/> gives them for another
    /// context, to build a shape's statements through.
    /// </summary>
    public static async Task<int[]> CountEachAsync(
        BlueprintDb db, DateOnly today, IReadOnlyList<Func<ToDoSource>> sources, Func<BlueprintDb, IReadOnlyList<Func<ToDoSource>>> sourcesOf, CancellationToken ct)
    {
        if (Plans.Count > MaxPlans)
        {
            Plans.Clear();
        }

        var plan = Plans.GetOrAdd((db.Model, PerShape.KeyOf(db.CurrentUser), today), static (_, arg) => Build(arg.db, arg.sourcesOf), (db, sourcesOf));
        if (plan.Sources != sources.Count)
        {
            throw new InvalidOperationException($"The to-do's plan for this shape has {plan.Sources} sources, the reader {sources.Count}: the shape's key misses something the sources depend on.");
        }

        var (userId, unitId, unitPath) = PerShape.ValuesOf(db.CurrentUser);
        var counts = new int[sources.Count];
        foreach (var statement in plan.Statements)
        {
            await foreach (var place in statement(db, userId, unitId, unitPath).WithCancellation(ct))
            {
                counts[place.Place] = place.Count;
            }
        }

        foreach (var i in plan.Apart)
        {
            counts[i] = await sources[i]().Count!(ct);
        }

        return counts;
    }

    private static Plan Build(BlueprintDb db, Func<BlueprintDb, IReadOnlyList<Func<ToDoSource>>> sourcesOf)
    {
        using var shaped = PerShape.ContextFor(db);
        List<ToDoSource> sources = [.. sourcesOf(shaped).Select(s => s())];
        return new(sources.Count, [.. ToDoSource.CountStatements(sources).Select(PerShape.Compile)],
            [.. Enumerable.Range(0, sources.Count).Where(i => sources[i].Entries is null)]);
    }

    private sealed record Plan(int Sources, List<Func<BlueprintDb, int, int, string, IAsyncEnumerable<ToDoSource.PlaceCount>>> Statements, List<int> Apart);
}
