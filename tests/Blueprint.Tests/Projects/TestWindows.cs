using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>Opens a month for reporting in a shared test app (several test classes may ask for the same month).</summary>
internal static class TestWindows
{
    public static async Task EnsureOpenAsync(TestApp app, int year, int month)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        if (await db.Set<ReportingWindow>().AnyAsync(w => w.Year == year && w.Month == month))
        {
            return;
        }

        db.Add(new ReportingWindow { Year = year, Month = month, OpensOn = new DateOnly(2000, 1, 1), DueOn = new DateOnly(2100, 12, 31) });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another test opened it at the same moment: the unique index kept one window.
        }
    }
}
