using Microsoft.EntityFrameworkCore;

namespace Agent.Workflows.Persistence.EntityFramework;

/// <summary>
/// The workflow database: definitions (one row per version), instances, bookmarks, journal and incidents.
/// Used for the schema, migrations and queries; the per-activity commit bypasses it (see the SQLite store).
/// This type is the SQLite database; PostgreSQL uses <see cref="PostgreSql.PostgreSqlWorkflowDbContext"/>, derived from
/// it, because EF Core ties a set of migrations to one context type.
/// </summary>
public class WorkflowDbContext : DbContext
{
    /// <summary>Creates the SQLite context.</summary>
    public WorkflowDbContext(DbContextOptions<WorkflowDbContext> options) : base(options) { }

    /// <summary>For a provider-specific derived context with its own options type.</summary>
    protected WorkflowDbContext(DbContextOptions options) : base(options) { }

    /// <summary>Definition versions.</summary>
    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();

    /// <summary>Workflow instances with their serialized state.</summary>
    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();

    /// <summary>Bookmarks instances wait on.</summary>
    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();

    /// <summary>Activity executions, per instance in sequence order.</summary>
    public DbSet<JournalRecord> Journal => Set<JournalRecord>();

    /// <summary>Faults recorded against instances.</summary>
    public DbSet<IncidentRecord> Incidents => Set<IncidentRecord>();

    /// <summary>Which replica runs which running instance, and until when (PostgreSQL clusters; see <see cref="Cluster.IInstanceLeases"/>).</summary>
    public DbSet<InstanceLeaseRecord> InstanceLeases => Set<InstanceLeaseRecord>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        // Enums as their names: readable with any SQL tool, and robust to reordering the enum members.
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) => WorkflowModel.Configure(modelBuilder);
}
