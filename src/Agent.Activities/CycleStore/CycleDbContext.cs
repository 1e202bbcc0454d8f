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

/// <summary>The improvement cycle's own small database: measurement snapshots (gap attempts live with the guard's counters, <see cref="Guards.CycleGuard"/>).</summary>
public class CycleDbContext : DbContext
{
    /// <summary>A context on <paramref name="options"/> (SQLite; its migrations are in <c>CycleStore/Migrations</c>).</summary>
    public CycleDbContext(DbContextOptions<CycleDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected CycleDbContext(DbContextOptions options) : base(options) { }

    /// <summary>Measurement snapshots.</summary>
    public DbSet<SnapshotRecord> Snapshots => Set<SnapshotRecord>();

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
    }
}
