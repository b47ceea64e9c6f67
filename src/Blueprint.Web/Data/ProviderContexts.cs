using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Blueprint.Web.Data;

/// <summary>The model on SQLite; its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteBlueprintDb(DbContextOptions<SqliteBlueprintDb> options, CurrentUser currentUser)
    : BlueprintDb(options, currentUser);

/// <summary>The model on PostgreSQL; its migrations live in Data/Migrations/Postgres.</summary>
public sealed class PostgresBlueprintDb(DbContextOptions<PostgresBlueprintDb> options, CurrentUser currentUser)
    : BlueprintDb(options, currentUser);

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the web host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBlueprintDb>
{
    public SqliteBlueprintDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBlueprintDb>().UseSqlite("Data Source=design.db").Options,
            new CurrentUser(new HttpContextAccessor()).ActAsSystem());
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBlueprintDb>
{
    public PostgresBlueprintDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBlueprintDb>().UseNpgsql("Host=localhost;Database=design").Options,
            new CurrentUser(new HttpContextAccessor()).ActAsSystem());
}
