using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Guards.PostgreSql;

/// <summary>The cycle guard's counters on PostgreSQL: the same model in schema <see cref="Schema"/>, with its own migrations (EF ties a migrations set to one context type).</summary>
public sealed class PostgresGuardsDbContext(DbContextOptions options) : GuardsDbContext(options)
{
    /// <summary>The schema of the cycle guard's counters.</summary>
    public const string Schema = "guards";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        PostgresTextOrder.UseByteOrder(modelBuilder);
        // Failures in a row are counted in insertion order (SQLite's rowid); the table has no other key.
        PostgresRowId.Add(modelBuilder, "guard_gap_attempts", asKey: true);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context.</summary>
internal sealed class PostgresGuardsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGuardsDbContext>
{
    public PostgresGuardsDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresGuardsDbContext>(PostgresGuardsDbContext.Schema));
}
