using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Infrastructure;

/// <summary>Two counters count apart: side by side each its own call, one around the other both calls.</summary>
public sealed class CommandCounterTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Counters_side_by_side_and_nested_each_count_their_own_calls(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        using var outer = new CommandCounter();
        using var first = new CommandCounter();
        using var second = new CommandCounter();
        await Task.Delay(CommandCounter.WarmUp, ct);
        using var one = app.SystemScope();
        using var other = app.SystemScope();
        var a = one.ServiceProvider.GetRequiredService<BlueprintDb>();
        var b = other.ServiceProvider.GetRequiredService<BlueprintDb>();

        // The first call runs one command, then waits while the second runs three: the calls overlap.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstCount = first.CountAsync(async () =>
        {
            await a.Set<Unit>().CountAsync(ct);
            await gate.Task.WaitAsync(ct);
        });
        var secondCount = second.CountAsync(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await b.Set<Unit>().CountAsync(ct);
            }

            gate.SetResult();
        });
        Assert.Equal((1, 3), (await firstCount, await secondCount));

        // Nested: the outer counter counts the inner call's commands too, the inner only its own.
        var inner = 0;
        var all = await outer.CountAsync(async () =>
        {
            await a.Set<Unit>().CountAsync(ct);
            inner = await first.CountAsync(async () => await a.Set<Unit>().AnyAsync(ct));
            await a.Set<Unit>().CountAsync(ct);
        });
        Assert.Equal((3, 1), (all, inner));
    }
}
