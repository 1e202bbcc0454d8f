using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Discovery.Integration.PostgreSql;

/// <summary>The integration attempts on PostgreSQL: the same model in schema <see cref="Schema"/>, with its own migrations (EF ties a migrations set to one context type).</summary>
public sealed class PostgresIntegrationAttemptsDbContext(DbContextOptions options) : IntegrationAttemptsDbContext(options)
{
    /// <summary>The schema of the integration attempts.</summary>
    public const string Schema = "integration";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        PostgresTextOrder.UseByteOrder(modelBuilder);
        // Attempts list newest first with insertion order breaking ties, as SQLite's rowid does.
        PostgresRowId.Add(modelBuilder, "integration_attempts");
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context.</summary>
internal sealed class PostgresIntegrationAttemptsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresIntegrationAttemptsDbContext>
{
    public PostgresIntegrationAttemptsDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresIntegrationAttemptsDbContext>(PostgresIntegrationAttemptsDbContext.Schema));
}
