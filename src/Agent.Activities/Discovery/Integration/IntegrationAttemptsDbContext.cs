using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Discovery.Integration;

/// <summary>A row of <c>integration_attempts</c> (schema only).</summary>
public sealed class IntegrationAttemptRow
{
    /// <summary>The attempt id.</summary>
    public string Id { get; set; } = "";

    /// <summary>The MCP server name.</summary>
    public string? ServerName { get; set; }

    /// <summary>The tool name.</summary>
    public string? Name { get; set; }

    /// <summary>The target.</summary>
    public string Target { get; set; } = "";

    /// <summary>The outcome.</summary>
    public string Outcome { get; set; } = "";

    /// <summary>Why.</summary>
    public string? Reason { get; set; }

    /// <summary>The approval deciding it.</summary>
    public string? ApprovalId { get; set; }

    /// <summary>Created, ISO 8601 UTC text.</summary>
    public string CreatedAt { get; set; } = "";

    /// <summary>Updated, ISO 8601 UTC text.</summary>
    public string UpdatedAt { get; set; } = "";

    /// <summary>The whole attempt as JSON.</summary>
    public string Json { get; set; } = "";
}

/// <summary>
/// Owns the schema of the integration attempts (SQLite migrations in <c>Discovery/Integration/Migrations</c>, PostgreSQL ones on
/// <see cref="PostgreSql.PostgresIntegrationAttemptsDbContext"/>). The tables mirror the DDL files were created with before, so an old file is
/// baselined, not rebuilt; <see cref="IntegrationAttemptStore"/> reads and writes them with SQL.
/// </summary>
public class IntegrationAttemptsDbContext : DbContext
{
    /// <summary>A SQLite context.</summary>
    public IntegrationAttemptsDbContext(DbContextOptions<IntegrationAttemptsDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected IntegrationAttemptsDbContext(DbContextOptions options) : base(options) { }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IntegrationAttemptRow>(e =>
        {
            e.ToTable("integration_attempts");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.CreatedAt).HasDatabaseName("integration_attempts_created");
        });
        SnakeCaseColumns.Apply(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
internal sealed class IntegrationAttemptsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<IntegrationAttemptsDbContext>
{
    public IntegrationAttemptsDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<IntegrationAttemptsDbContext>("integration"));
}
