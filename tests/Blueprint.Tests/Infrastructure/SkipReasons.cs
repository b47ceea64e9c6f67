namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// Each reason for leaving tests out, reported once: the test runner prints every skipped test
/// with its reason, so the PostgreSQL rows of the [Theory] tests are left out of
/// <see cref="Apps.Providers"/> instead, and this one test carries the reason to the summary.
/// </summary>
public sealed class SkipReasons
{
    [Fact]
    public void PostgreSQL_rows_of_the_both_database_tests_run()
    {
        if (!TestDatabase.PostgresConfigured && !TestDatabase.IsCi)
        {
            Assert.Skip(TestDatabase.PostgresSkipReason + " Every [Theory] over Apps.Providers ran on SQLite only.");
        }
    }
}
