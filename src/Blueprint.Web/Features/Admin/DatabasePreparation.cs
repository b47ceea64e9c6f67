using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Admin;

public static class DatabasePreparation
{
    /// <summary>
    /// The embedded default prepares itself: on SQLite the file is migrated at start and the
    /// demo city is loaded into an empty database, so `dotnet run` shows a working product.
    /// PostgreSQL is never migrated implicitly; run the `migrate` admin command.
    /// Set <c>Database:SeedDemo=false</c> to start with an empty SQLite database.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        if (DatabaseSetup.Provider(app.Configuration) != DatabaseProvider.Sqlite)
        {
            return;
        }

        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        await DatabaseSetup.MigrateAsync(db);
        if (app.Configuration.GetValue("Database:SeedDemo", true) && !await db.Set<Unit>().AnyAsync())
        {
            var seeder = ActivatorUtilities.CreateInstance<DemoCitySeeder>(scope.ServiceProvider);
            await seeder.SeedAsync();
            DemoAccounts.Print(Console.Out);
        }
    }
}
