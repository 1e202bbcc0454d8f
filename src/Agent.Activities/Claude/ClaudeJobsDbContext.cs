using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Claude;

/// <summary>A row of <c>claude_jobs</c> (schema only).</summary>
public sealed class ClaudeJobRow
{
    /// <summary>The job id.</summary>
    public string Id { get; set; } = "";

    /// <summary>The state.</summary>
    public string State { get; set; } = "";

    /// <summary>The working directory.</summary>
    public string WorkingDirectory { get; set; } = "";

    /// <summary>Created, ISO 8601 UTC text.</summary>
    public string CreatedAt { get; set; } = "";

    /// <summary>Ended, ISO 8601 UTC text.</summary>
    public string? EndedAt { get; set; }

    /// <summary>The CLI session.</summary>
    public string? SessionId { get; set; }

    /// <summary>Turns so far.</summary>
    public int Turns { get; set; }

    /// <summary>Cost, invariant decimal text.</summary>
    public string CostUsd { get; set; } = "";

    /// <summary>The last event.</summary>
    public string? LastEvent { get; set; }

    /// <summary>The error.</summary>
    public string? Error { get; set; }

    /// <summary>The result as JSON.</summary>
    public string? ResultJson { get; set; }

    /// <summary>The job this one resumes.</summary>
    public string? ResumedFrom { get; set; }

    /// <summary>The replica running the job (<c>Cluster:ReplicaId</c>); null in rows written before replicas were recorded.</summary>
    public string? Owner { get; set; }

    /// <summary>The owner's last heartbeat for the job, ISO 8601 UTC text (on PostgreSQL the database's clock).</summary>
    public string? HeartbeatAt { get; set; }
}

/// <summary>
/// Owns the schema of the Claude jobs (SQLite migrations in <c>Claude/Migrations</c>, PostgreSQL ones on
/// <see cref="PostgreSql.PostgresClaudeJobsDbContext"/>). The tables mirror the DDL files were created with before, so an old file is
/// baselined, not rebuilt; <see cref="ClaudeJobStore"/> reads and writes them with SQL.
/// </summary>
public class ClaudeJobsDbContext : DbContext
{
    /// <summary>A SQLite context.</summary>
    public ClaudeJobsDbContext(DbContextOptions<ClaudeJobsDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected ClaudeJobsDbContext(DbContextOptions options) : base(options) { }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ClaudeJobRow>(e =>
        {
            e.ToTable("claude_jobs");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.State).HasDatabaseName("ix_claude_jobs_state");
        });
        SnakeCaseColumns.Apply(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
internal sealed class ClaudeJobsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ClaudeJobsDbContext>
{
    public ClaudeJobsDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<ClaudeJobsDbContext>("claude-jobs"));
}
