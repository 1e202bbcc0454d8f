using Agent.Workflows.Persistence.EntityFramework;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Learning.Persistence;

/// <summary>
/// The knowledge base (<c>knowledge_base.db</c>): experiences, errors and solutions, patterns, the knowledge graph
/// and metrics. The FTS5 indexes <c>errors_fts</c> and <c>experiences_fts</c> are created by raw SQL in the migration.
/// </summary>
public class KnowledgeDbContext : DbContext
{
    /// <summary>A context on <paramref name="options"/> (SQLite; its migrations are in <c>Learning/Persistence/Migrations</c>).</summary>
    public KnowledgeDbContext(DbContextOptions<KnowledgeDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected KnowledgeDbContext(DbContextOptions options) : base(options) { }

    /// <summary>Attempted tasks.</summary>
    public DbSet<ExperienceRecord> Experiences => Set<ExperienceRecord>();
    /// <summary>Errors seen per experience.</summary>
    public DbSet<ExperienceErrorRecord> ExperienceErrors => Set<ExperienceErrorRecord>();
    /// <summary>Errors by signature.</summary>
    public DbSet<ErrorRecord> Errors => Set<ErrorRecord>();
    /// <summary>Document counts of error terms.</summary>
    public DbSet<ErrorTermRecord> ErrorTerms => Set<ErrorTermRecord>();
    /// <summary>Solutions of errors.</summary>
    public DbSet<SolutionRecord> Solutions => Set<SolutionRecord>();
    /// <summary>Mined patterns.</summary>
    public DbSet<PatternRecord> Patterns => Set<PatternRecord>();
    /// <summary>Graph nodes.</summary>
    public DbSet<GraphNodeRecord> Nodes => Set<GraphNodeRecord>();
    /// <summary>Graph edges.</summary>
    public DbSet<GraphEdgeRecord> Edges => Set<GraphEdgeRecord>();
    /// <summary>Incidents: what went wrong without being a verdict on an attempt.</summary>
    public DbSet<IncidentRecord> Incidents => Set<IncidentRecord>();
    /// <summary>Metric time series.</summary>
    public DbSet<MetricRecord> Metrics => Set<MetricRecord>();
    /// <summary>Outdated and vulnerable packages per target over time (the technology tracker).</summary>
    public DbSet<DependencyObservationRecord> DependencyObservations => Set<DependencyObservationRecord>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) => KnowledgeModel.Configure(modelBuilder);
}
