using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Claude;

/// <summary>A row of <c>claude_runs</c> (schema only).</summary>
public sealed class ClaudeRunRow
{
    /// <summary>The run id.</summary>
    public string Id { get; set; } = "";

    /// <summary>The prompt digest.</summary>
    public string PromptSha256 { get; set; } = "";

    /// <summary>The arguments.</summary>
    public string ArgumentsJson { get; set; } = "";

    /// <summary>The environment.</summary>
    public string EnvironmentJson { get; set; } = "";

    /// <summary>The working directory.</summary>
    public string WorkingDirectory { get; set; } = "";

    /// <summary>Started, ISO 8601 UTC text.</summary>
    public string StartedAt { get; set; } = "";

    /// <summary>Ended, ISO 8601 UTC text.</summary>
    public string EndedAt { get; set; } = "";

    /// <summary>The result subtype.</summary>
    public string Subtype { get; set; } = "";

    /// <summary>1 when it succeeded.</summary>
    public int IsSuccess { get; set; }

    /// <summary>The session.</summary>
    public string? SessionId { get; set; }

    /// <summary>Cost, invariant decimal text.</summary>
    public string CostUsd { get; set; } = "";

    /// <summary>Input tokens.</summary>
    public long InputTokens { get; set; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; set; }

    /// <summary>The exit code.</summary>
    public int? ExitCode { get; set; }

    /// <summary>Attempts.</summary>
    public int Attempts { get; set; }

    /// <summary>The error.</summary>
    public string? Error { get; set; }

    /// <summary>The oversight journal.</summary>
    public string? ToolDecisionsJson { get; set; }
}

/// <summary>
/// Owns the schema of the Claude run log (SQLite migrations in <c>Claude/Migrations</c>, PostgreSQL ones on
/// <see cref="PostgreSql.PostgresClaudeRunLogDbContext"/>). The tables mirror the DDL files were created with before, so an old file is
/// baselined, not rebuilt; <see cref="ClaudeRunLog"/> reads and writes them with SQL.
/// </summary>
public class ClaudeRunLogDbContext : DbContext
{
    /// <summary>A SQLite context.</summary>
    public ClaudeRunLogDbContext(DbContextOptions<ClaudeRunLogDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected ClaudeRunLogDbContext(DbContextOptions options) : base(options) { }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ClaudeRunRow>(e =>
        {
            e.ToTable("claude_runs");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.StartedAt).HasDatabaseName("ix_claude_runs_started_at");
        });
        SnakeCaseColumns.Apply(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
internal sealed class ClaudeRunLogDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ClaudeRunLogDbContext>
{
    public ClaudeRunLogDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<ClaudeRunLogDbContext>("claude-runs"));
}
