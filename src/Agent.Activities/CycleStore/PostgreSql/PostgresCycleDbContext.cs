using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.CycleStore.PostgreSql;

/// <summary>
/// The cycle database on PostgreSQL: the same model in schema <see cref="Schema"/>. A derived type because EF ties a
/// migrations set to one context type; this one owns the PostgreSQL migrations (<c>CycleStore/PostgreSql/Migrations</c>)
/// while <see cref="CycleDbContext"/> keeps the SQLite ones existing files were created with.
/// </summary>
public sealed class PostgresCycleDbContext(DbContextOptions options) : CycleDbContext(options)
{
    /// <summary>The schema of the cycle tables.</summary>
    public const string Schema = "cycle";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context (<c>scripts/dev/add-migration.sh PostgresCycleDbContext NAME</c>).</summary>
internal sealed class PostgresCycleDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCycleDbContext>
{
    public PostgresCycleDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresCycleDbContext>(PostgresCycleDbContext.Schema));
}
