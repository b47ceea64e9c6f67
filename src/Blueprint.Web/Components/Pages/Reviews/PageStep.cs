using Blueprint.Web.Data;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Components.Pages.Reviews;

/// <summary>
/// Runs one workflow step for a page: the refusal in words, and the two exceptions the API
/// maps to 409 and 403 (a stale version, a record outside the user's scope) as messages too.
/// </summary>
internal static class PageStep
{
    public static async Task<(T? Value, string? Error, Dictionary<string, string[]> Errors)> RunAsync<T>(
        Func<Task<StepOutcome<T>>> step, IStringLocalizer<SharedResource> t)
    {
        try
        {
            var outcome = await step();
            return (outcome.Value, outcome.Message(t), outcome.Refused?.Errors ?? []);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (default, t["Error.Conflict"], []);
        }
        catch (ScopeViolationException)
        {
            return (default, t["Error.OutOfScope"], []);
        }
        catch (DisabledUnitException)
        {
            return (default, t["Error.UnitDisabled"], []);
        }
    }
}
