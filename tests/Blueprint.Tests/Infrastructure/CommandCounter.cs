using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// Counts the database commands EF Core runs for one call. EF Core reports each command through a
/// DiagnosticListener; an AsyncLocal of each counter marks the calls of its own flow among the
/// parallel tests, so that two counters are independent: one counting beside another (two calls
/// at once) counts only its own call's commands, and a counter around another counts both.
/// EF Core remembers for about a second that nobody listened to commands, so a test waits
/// <see cref="WarmUp"/> after creating the counter before it counts.
/// </summary>
public sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2.5);

    private readonly AsyncLocal<bool> _counting = new();

    private int _count;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _listeners;
    private readonly Func<string, bool>? _which;

    /// <param name="which">Counts only the commands whose SQL this accepts (default: every command).</param>
    public CommandCounter(Func<string, bool>? which = null)
    {
        _which = which;
        _listeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>The commands <paramref name="work"/> ran.</summary>
    public async Task<int> CountAsync(Func<Task> work)
    {
        var before = Volatile.Read(ref _count);
        _counting.Value = true;
        try
        {
            await work();
        }
        finally
        {
            _counting.Value = false;
        }

        return Volatile.Read(ref _count) - before;
    }

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
        if (_counting.Value && e.Key == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted"
            && (_which is null || (e.Value is CommandExecutedEventData executed && _which(executed.Command.CommandText))))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void Dispose()
    {
        _listeners.Dispose();
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
