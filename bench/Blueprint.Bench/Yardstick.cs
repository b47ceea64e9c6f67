using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Blueprint.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Blueprint.Bench;

/// <summary>
/// A page's raw-SQL yardstick (issue 20 item 2: every page within 3× of it): the fewest plain
/// statements that fetch what the page shows. <c>CountAt</c> names the statement
/// whose first value is the total the page's pager (or the API's <c>total</c>) shows, to check
/// the yardstick against the page.
/// </summary>
public sealed record Yardstick(string[] Statements, int? CountAt = null)
{
    /// <summary>Times the yardstick on its own connection, as the pages are timed: the median of 30 runs after 5 warm-up runs.</summary>
    public async Task<(double MedianMs, long? Count)> TimeAsync(DatabaseProvider provider, string connectionString)
    {
        await using DbConnection connection = provider == DatabaseProvider.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var times = new List<double>();
        long? count = null;
        for (var i = 0; i < CockpitRun.WarmUp + CockpitRun.Requests; i++)
        {
            var watch = Stopwatch.StartNew();
            count = await RunAsync(connection);
            if (i >= CockpitRun.WarmUp)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return (times[times.Count / 2], count);
    }

    /// <summary>Runs every statement and reads every value of every row, as a page would before rendering.</summary>
    private async Task<long?> RunAsync(DbConnection connection)
    {
        long? count = null;
        for (var s = 0; s < Statements.Length; s++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Statements[s];
            await using var reader = await command.ExecuteReaderAsync();
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync())
            {
                reader.GetValues(values);
                if (s == CountAt && count is null)
                {
                    count = Convert.ToInt64(values[0], CultureInfo.InvariantCulture);
                }
            }
        }

        return count;
    }
}
