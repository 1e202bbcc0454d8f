using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Guards;

/// <summary>A row of <c>guard_cycles</c> (schema only).</summary>
public sealed class GuardCycleRow
{
    /// <summary>The cycle.</summary>
    public string CycleId { get; set; } = "";

    /// <summary>Started, ISO 8601 UTC text.</summary>
    public string StartedAt { get; set; } = "";

    /// <summary>The UTC day.</summary>
    public string Day { get; set; } = "";

    /// <summary>Tokens spent.</summary>
    public long Tokens { get; set; }

    /// <summary>USD spent, invariant decimal text.</summary>
    public string Usd { get; set; } = "";
}

/// <summary>A row of <c>guard_gap_attempts</c> (schema only).</summary>
public sealed class GuardGapAttemptRow
{
    /// <summary>The gap.</summary>
    public string Gap { get; set; } = "";

    /// <summary>The cycle.</summary>
    public string? CycleId { get; set; }

    /// <summary>ISO 8601 UTC text.</summary>
    public string At { get; set; } = "";

    /// <summary>1 when it succeeded.</summary>
    public long Succeeded { get; set; }
}

/// <summary>A row of <c>guard_parked_gaps</c> (schema only).</summary>
public sealed class GuardParkedGapRow
{
    /// <summary>The gap.</summary>
    public string Gap { get; set; } = "";

    /// <summary>Parked, ISO 8601 UTC text.</summary>
    public string ParkedAt { get; set; } = "";

    /// <summary>Why.</summary>
    public string Reason { get; set; } = "";
}

/// <summary>A row of <c>guard_applied_once</c> (schema only).</summary>
public sealed class GuardAppliedOnceRow
{
    /// <summary>The operation key.</summary>
    public string Key { get; set; } = "";

    /// <summary>ISO 8601 UTC text.</summary>
    public string At { get; set; } = "";
}

/// <summary>
/// Owns the schema of the cycle guard's counters (SQLite migrations in <c>Guards/Migrations</c>, PostgreSQL ones on
/// <see cref="PostgreSql.PostgresGuardsDbContext"/>). The tables mirror the DDL files were created with before, so an old file is
/// baselined, not rebuilt; <see cref="CycleGuardStore"/> reads and writes them with SQL.
/// </summary>
public class GuardsDbContext : DbContext
{
    /// <summary>A SQLite context.</summary>
    public GuardsDbContext(DbContextOptions<GuardsDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected GuardsDbContext(DbContextOptions options) : base(options) { }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<GuardCycleRow>(e =>
        {
            e.ToTable("guard_cycles");
            e.HasKey(r => r.CycleId);
            e.Property(r => r.Tokens).HasDefaultValue(0L);
            e.Property(r => r.Usd).HasDefaultValue("0");
            e.HasIndex(r => r.Day).HasDatabaseName("ix_guard_cycles_day");
        });
        // No key in SQLite (insertion order is the rowid); PostgreSQL adds a rowid identity as the key.
        modelBuilder.Entity<GuardGapAttemptRow>(e =>
        {
            e.ToTable("guard_gap_attempts");
            e.HasNoKey();
            e.HasIndex(r => r.Gap).HasDatabaseName("ix_guard_gap_attempts_gap");
        });
        modelBuilder.Entity<GuardParkedGapRow>(e =>
        {
            e.ToTable("guard_parked_gaps");
            e.HasKey(r => r.Gap);
        });
        modelBuilder.Entity<GuardAppliedOnceRow>(e =>
        {
            e.ToTable("guard_applied_once");
            e.HasKey(r => r.Key);
        });
        SnakeCaseColumns.Apply(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
internal sealed class GuardsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<GuardsDbContext>
{
    public GuardsDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<GuardsDbContext>("guards"));
}
