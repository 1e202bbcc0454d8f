using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Schedule;

/// <summary>A row of <c>schedule_state</c> (schema only).</summary>
public sealed class ScheduleStateRow
{
    /// <summary>The definition.</summary>
    public string DefinitionId { get; set; } = "";

    /// <summary>1 when paused.</summary>
    public long Paused { get; set; }

    /// <summary>Last fire, ISO 8601 UTC text.</summary>
    public string? LastFiredAt { get; set; }

    /// <summary>The instance it started.</summary>
    public string? LastInstanceId { get; set; }

    /// <summary>How it went.</summary>
    public string? LastOutcome { get; set; }
}

/// <summary>
/// Owns the schema of the schedule state (SQLite migrations in <c>Schedule/Migrations</c>, PostgreSQL ones on
/// <see cref="PostgreSql.PostgresScheduleDbContext"/>). The tables mirror the DDL files were created with before, so an old file is
/// baselined, not rebuilt; <see cref="ScheduleStateStore"/> reads and writes them with SQL.
/// </summary>
public class ScheduleDbContext : DbContext
{
    /// <summary>A SQLite context.</summary>
    public ScheduleDbContext(DbContextOptions<ScheduleDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected ScheduleDbContext(DbContextOptions options) : base(options) { }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ScheduleStateRow>(e =>
        {
            e.ToTable("schedule_state");
            e.HasKey(r => r.DefinitionId);
            e.Property(r => r.Paused).HasDefaultValue(0L);
        });
        SnakeCaseColumns.Apply(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
internal sealed class ScheduleDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ScheduleDbContext>
{
    public ScheduleDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<ScheduleDbContext>("schedule"));
}
