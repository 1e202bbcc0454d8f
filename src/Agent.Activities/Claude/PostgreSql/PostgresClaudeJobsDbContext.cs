using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Claude.PostgreSql;

/// <summary>The Claude jobs on PostgreSQL: the same model in schema <see cref="Schema"/>, with its own migrations (EF ties a migrations set to one context type).</summary>
public sealed class PostgresClaudeJobsDbContext(DbContextOptions options) : ClaudeJobsDbContext(options)
{
    /// <summary>The schema of the Claude jobs.</summary>
    public const string Schema = "claude_jobs";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        PostgresTextOrder.UseByteOrder(modelBuilder);
        // Jobs list newest first with insertion order breaking ties, as SQLite's rowid does.
        PostgresRowId.Add(modelBuilder, "claude_jobs");
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context.</summary>
internal sealed class PostgresClaudeJobsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresClaudeJobsDbContext>
{
    public PostgresClaudeJobsDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresClaudeJobsDbContext>(PostgresClaudeJobsDbContext.Schema));
}
