using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Discovery.Persistence.PostgreSql;

/// <summary>
/// The capability database on PostgreSQL: the same model in schema <see cref="Schema"/>. A derived type because EF ties a
/// migrations set to one context type; this one owns the PostgreSQL migrations (<c>Discovery/Persistence/PostgreSql/Migrations</c>).
/// </summary>
public sealed class PostgresCapabilityDbContext(DbContextOptions options) : CapabilityDbContext(options)
{
    /// <summary>The schema of the capability tables.</summary>
    public const string Schema = "capabilities";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context (<c>scripts/dev/add-migration.sh PostgresCapabilityDbContext NAME</c>).</summary>
internal sealed class PostgresCapabilityDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCapabilityDbContext>
{
    public PostgresCapabilityDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresCapabilityDbContext>(PostgresCapabilityDbContext.Schema));
}
