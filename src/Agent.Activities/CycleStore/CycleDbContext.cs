using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.CycleStore;

/// <summary>A stored measurement snapshot: indexed columns plus the whole snapshot as JSON.</summary>
public sealed class SnapshotRecord
{
    /// <summary>The id.</summary>
    public long Id { get; set; }

    /// <summary>The target repository's full path.</summary>
    public string TargetPath { get; set; } = "";

    /// <summary>The commit measured, or null.</summary>
    public string? CommitId { get; set; }

    /// <summary>When it was taken, as UTC ticks (sortable in SQLite).</summary>
    public long TakenAtUtcTicks { get; set; }

    /// <summary>The snapshot as JSON.</summary>
    public string Json { get; set; } = "";
}

/// <summary>How often the work on one gap of one target has failed.</summary>
public sealed class GapAttemptRecord
{
    /// <summary>The target repository's full path.</summary>
    public string TargetPath { get; set; } = "";

    /// <summary>The gap's stable key.</summary>
    public string GapKey { get; set; } = "";

    /// <summary>Failed attempts since the last success.</summary>
    public int Failures { get; set; }

    /// <summary>The last failure's reason.</summary>
    public string? LastError { get; set; }

    /// <summary>When it last failed, as UTC ticks.</summary>
    public long LastFailedAtUtcTicks { get; set; }
}

/// <summary>The improvement cycle's own small database: snapshots and per-gap failure counts.</summary>
public sealed class CycleDbContext(DbContextOptions<CycleDbContext> options) : DbContext(options)
{
    /// <summary>Measurement snapshots.</summary>
    public DbSet<SnapshotRecord> Snapshots => Set<SnapshotRecord>();

    /// <summary>Failure counts per gap.</summary>
    public DbSet<GapAttemptRecord> GapAttempts => Set<GapAttemptRecord>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SnapshotRecord>(e =>
        {
            e.ToTable("Snapshots");
            e.HasKey(s => s.Id);
            e.Property(s => s.TargetPath).IsRequired();
            e.Property(s => s.Json).IsRequired();
            e.HasIndex(s => new { s.TargetPath, s.TakenAtUtcTicks });
        });
        modelBuilder.Entity<GapAttemptRecord>(e =>
        {
            e.ToTable("GapAttempts");
            e.HasKey(a => new { a.TargetPath, a.GapKey });
        });
    }
}
