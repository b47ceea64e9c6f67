using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Microsoft.AspNetCore.Identity;

namespace Blueprint.Web.Features.Demo;

/// <summary>
/// Loads the demo city, 资阳, written from the 2023 municipal work conference
/// (shared/context/ziyang-2023-work-conference.txt). Deterministic for a given seed day
/// (<see cref="DemoCalendar"/>: <c>Demo:Today</c>, else the city's today): the conference's year
/// is last year and the running year is this year, so the demo is live on any day.
/// </summary>
public sealed class DemoCitySeeder(BlueprintDb db, UserManager<User> users, RoleManager<Role> roles, IConfiguration configuration, TimeProvider clock)
{
    public async Task<string> SeedAsync()
    {
        var calendar = DemoCalendar.From(configuration, clock);
        var units = new DemoUnits();
        await units.SeedAsync(db);
        await DemoAccounts.SeedAsync(users, roles, units);
        var content = await new DemoContent(db, units, calendar).SeedAsync();
        return $"loaded the demo city 资阳 as of {calendar.SeedDay:yyyy-MM-dd} (conference year {calendar.ConferenceYear}, running year {calendar.RunningYear}): "
            + $"{units.All.Count} units, {DemoAccounts.All.Count} accounts, {content}.";
    }
}
