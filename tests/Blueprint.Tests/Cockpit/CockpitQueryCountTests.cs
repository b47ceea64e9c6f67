using System.Diagnostics;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Cockpit;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Cockpit;

/// <summary>
/// The cockpit runs a fixed number of queries whatever the data size (no query per row): the
/// province-scale benchmark depends on it. EF Core reports each command through a
/// DiagnosticListener; an AsyncLocal marks this test's own calls among the parallel tests.
/// </summary>
public sealed class CockpitQueryCountTests(Apps apps)
{
    /// <summary>The bound: about thirty aggregate queries (see CockpitFigures); more means a loop started querying.</summary>
    private const int MaxQueries = 32;

    private static readonly AsyncLocal<bool> Counting = new();

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_cockpit_render_runs_a_fixed_small_number_of_queries(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        using var scope = await app.UserScopeAsync("leader");
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var ct = TestContext.Current.CancellationToken;
        using var counter = new CommandCounter();
        using var subscription = DiagnosticListener.AllListeners.Subscribe(counter);
        // EF Core remembers for about a second that nobody listened to commands: let that lapse.
        await Task.Delay(TimeSpan.FromSeconds(2.5), ct);

        Counting.Value = true;
        await CockpitFigures.ComputeAsync(db, 2023, 11, clock, ct);
        var november = counter.Count;
        await CockpitFigures.ComputeAsync(db, 2023, 3, clock, ct);
        var march = counter.Count - november;
        Counting.Value = false;

        TestContext.Current.SendDiagnosticMessage($"cockpit queries per render ({provider}): November {november}, March {march}");
        Assert.InRange(november, 1, MaxQueries);
        Assert.Equal(november, march);
    }

    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private int _count;
        private readonly List<IDisposable> _subscriptions = [];

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.EntityFrameworkCore")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (Counting.Value && e.Key == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted")
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
