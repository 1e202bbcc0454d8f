using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Learning.Persistence.PostgreSql;

/// <summary>
/// The knowledge base on PostgreSQL: the same model in schema <see cref="Schema"/>, owning the PostgreSQL migrations
/// (<c>Learning/Persistence/PostgreSql/Migrations</c>; EF ties a migrations set to one context type). Column names are
/// the lower-cased camelCase names: PostgreSQL folds unquoted identifiers to lower case, so the hand-written SQL that
/// says <c>lastSeenAt</c> unquoted finds the column on both providers.
/// </summary>
public sealed class PostgresKnowledgeDbContext(DbContextOptions options) : KnowledgeDbContext(options)
{
    /// <summary>The schema of the knowledge tables.</summary>
    public const string Schema = "knowledge";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        foreach (var property in entity.GetProperties())
            property.SetColumnName(property.GetColumnName().ToLowerInvariant());
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context (<c>scripts/dev/add-migration.sh PostgresKnowledgeDbContext NAME</c>).</summary>
internal sealed class PostgresKnowledgeDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKnowledgeDbContext>
{
    public PostgresKnowledgeDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresKnowledgeDbContext>(PostgresKnowledgeDbContext.Schema));
}
