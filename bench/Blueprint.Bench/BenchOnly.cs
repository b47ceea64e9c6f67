using Blueprint.Web.Data;

namespace Blueprint.Bench;

/// <summary>
/// <c>BENCH_ONLY=Postgres</c> (or <c>Sqlite</c>, any case) runs a command on one database only;
/// unset or empty, on every database the command has. Read by `load` and `cockpit` (and `cockpit-parts`).
/// </summary>
public static class BenchOnly
{
    public const string Variable = "BENCH_ONLY";

    public static string? Value => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } only ? only : null;

    public static bool Includes(DatabaseProvider provider) =>
        Value is not { } only || string.Equals(provider.ToString(), only, StringComparison.OrdinalIgnoreCase);
}
