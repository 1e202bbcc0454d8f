using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Research.Findings;

/// <summary>A row of <c>research_cache</c> (schema only).</summary>
public sealed class ResearchCacheRow
{
    /// <summary>The source.</summary>
    public string Source { get; set; } = "";

    /// <summary>The normalized question.</summary>
    public string Question { get; set; } = "";

    /// <summary>Stored, ISO 8601 UTC text.</summary>
    public string StoredAt { get; set; } = "";

    /// <summary>The findings, JSON.</summary>
    public string Findings { get; set; } = "";
}

/// <summary>
/// Owns the schema of the research cache (SQLite migrations in <c>Research/Findings/Migrations</c>, PostgreSQL ones on
/// <see cref="PostgreSql.PostgresResearchCacheDbContext"/>). The tables mirror the DDL files were created with before, so an old file is
/// baselined, not rebuilt; <see cref="ResearchCache"/> reads and writes them with SQL.
/// </summary>
public class ResearchCacheDbContext : DbContext
{
    /// <summary>A SQLite context.</summary>
    public ResearchCacheDbContext(DbContextOptions<ResearchCacheDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected ResearchCacheDbContext(DbContextOptions options) : base(options) { }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ResearchCacheRow>(e =>
        {
            e.ToTable("research_cache");
            e.HasKey(r => new { r.Source, r.Question });
        });
        SnakeCaseColumns.Apply(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
internal sealed class ResearchCacheDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ResearchCacheDbContext>
{
    public ResearchCacheDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<ResearchCacheDbContext>("research"));
}
