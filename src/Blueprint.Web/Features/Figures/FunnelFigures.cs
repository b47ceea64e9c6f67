using System.Text.Json.Serialization;

namespace Blueprint.Web.Features.Figures;

/// <summary>The steps of the investment funnel (PRODUCT.md: reserve → signed → started → in production).</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum FunnelStage
{
    Reserve = 0,
    Signed = 1,
    Started = 2,
    InProduction = 3,
}

/// <summary>
/// Pure rules of the funnel: conversion between consecutive steps and time spent in each step.
///
/// A project's entry into step k is the earliest date it was recorded at step k or any later
/// step, so entry dates never decrease from one step to the next and a duration is never
/// negative. A project that skipped a step (public works sign no investment contract) did not
/// spend time in it: only projects recorded in step k itself count towards its duration.
/// </summary>
public static class FunnelFigures
{
    /// <summary>Share of the projects that reached <paramref name="from"/> which also reached the next step.</summary>
    public static decimal? Conversion(int from, int reachedNext) => Figure.Ratio(reachedNext, from);

    /// <summary>The median of whole days: the middle value, or the mean of the two middle values; null when empty.</summary>
    public static decimal? Median(IEnumerable<int> days)
    {
        var sorted = days.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2m;
    }

    /// <summary>
    /// Days one project spent in each step it left, from the first date it was recorded in each
    /// step (at most one date per step). The last step, in production, has no duration.
    /// </summary>
    public static IReadOnlyDictionary<FunnelStage, int> DaysInStages(IReadOnlyDictionary<FunnelStage, DateOnly> firstDateInStep)
    {
        DateOnly? Entry(FunnelStage k) =>
            firstDateInStep.Where(d => d.Key >= k).Select(d => (DateOnly?)d.Value).Min();

        var days = new Dictionary<FunnelStage, int>();
        foreach (var step in new[] { FunnelStage.Reserve, FunnelStage.Signed, FunnelStage.Started })
        {
            if (firstDateInStep.ContainsKey(step) && Entry(step) is { } entered && Entry(step + 1) is { } left)
            {
                days[step] = left.DayNumber - entered.DayNumber;
            }
        }

        return days;
    }
}
