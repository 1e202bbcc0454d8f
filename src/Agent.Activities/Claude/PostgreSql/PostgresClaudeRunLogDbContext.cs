using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Claude.PostgreSql;

/// <summary>The Claude run log on PostgreSQL: the same model in schema <see cref="Schema"/>, with its own migrations (EF ties a migrations set to one context type).</summary>
public sealed class PostgresClaudeRunLogDbContext(DbContextOptions options) : ClaudeRunLogDbContext(options)
{
    /// <summary>The schema of the Claude run log.</summary>
    public const string Schema = "claude_runs";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        PostgresTextOrder.UseByteOrder(modelBuilder);
        // Runs list newest first with insertion order breaking ties, as SQLite's rowid does.
        PostgresRowId.Add(modelBuilder, "claude_runs");
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context.</summary>
internal sealed class PostgresClaudeRunLogDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresClaudeRunLogDbContext>
{
    public PostgresClaudeRunLogDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresClaudeRunLogDbContext>(PostgresClaudeRunLogDbContext.Schema));
}
