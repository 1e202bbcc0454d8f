using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Research.Findings.PostgreSql;

/// <summary>The research cache on PostgreSQL: the same model in schema <see cref="Schema"/>, with its own migrations (EF ties a migrations set to one context type).</summary>
public sealed class PostgresResearchCacheDbContext(DbContextOptions options) : ResearchCacheDbContext(options)
{
    /// <summary>The schema of the research cache.</summary>
    public const string Schema = "research";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        PostgresTextOrder.UseByteOrder(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context.</summary>
internal sealed class PostgresResearchCacheDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresResearchCacheDbContext>
{
    public PostgresResearchCacheDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresResearchCacheDbContext>(PostgresResearchCacheDbContext.Schema));
}
