using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Safety.Decisions;

/// <summary>A row of <c>decision_records</c> (schema only).</summary>
public sealed class DecisionRecordRow
{
    /// <summary>The id.</summary>
    public string Id { get; set; } = "";

    /// <summary>The cycle.</summary>
    public string CycleId { get; set; } = "";

    /// <summary>The kind.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The subject.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The target.</summary>
    public string Target { get; set; } = "";

    /// <summary>The outcome.</summary>
    public string Outcome { get; set; } = "";

    /// <summary>Reasons, JSON.</summary>
    public string Reasons { get; set; } = "";

    /// <summary>Principles, JSON.</summary>
    public string Principles { get; set; } = "";

    /// <summary>ISO 8601 UTC text.</summary>
    public string At { get; set; } = "";
}

/// <summary>A row of <c>security_scores</c> (schema only).</summary>
public sealed class SecurityScoreRow
{
    /// <summary>The cycle.</summary>
    public string CycleId { get; set; } = "";

    /// <summary>The target.</summary>
    public string Target { get; set; } = "";

    /// <summary>ISO 8601 UTC text.</summary>
    public string At { get; set; } = "";

    /// <summary>0-100.</summary>
    public int Score { get; set; }

    /// <summary>1 when partial.</summary>
    public int Partial { get; set; }

    /// <summary>Details, JSON.</summary>
    public string Details { get; set; } = "";
}

/// <summary>
/// Owns the schema of the decision records and Security Scores (SQLite migrations in <c>Safety/Decisions/Migrations</c>, PostgreSQL ones on
/// <see cref="PostgreSql.PostgresDecisionsDbContext"/>). The tables mirror the DDL files were created with before, so an old file is
/// baselined, not rebuilt; <see cref="DecisionStore"/> reads and writes them with SQL.
/// </summary>
public class DecisionsDbContext : DbContext
{
    /// <summary>A SQLite context.</summary>
    public DecisionsDbContext(DbContextOptions<DecisionsDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected DecisionsDbContext(DbContextOptions options) : base(options) { }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DecisionRecordRow>(e =>
        {
            e.ToTable("decision_records");
            e.HasKey(r => r.Id);
            // One record per cycle, kind and subject: the upsert's conflict target.
            e.HasAlternateKey(r => new { r.CycleId, r.Kind, r.Subject });
            e.HasIndex(r => r.At).HasDatabaseName("ix_decision_records_at");
        });
        modelBuilder.Entity<SecurityScoreRow>(e =>
        {
            e.ToTable("security_scores");
            e.HasKey(r => r.CycleId);
            e.HasIndex(r => new { r.Target, r.At }).HasDatabaseName("ix_security_scores_target");
        });
        SnakeCaseColumns.Apply(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
internal sealed class DecisionsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<DecisionsDbContext>
{
    public DecisionsDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<DecisionsDbContext>("decisions"));
}
