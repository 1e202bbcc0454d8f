using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Safety.Decisions.PostgreSql;

/// <summary>The decision records and Security Scores on PostgreSQL: the same model in schema <see cref="Schema"/>, with its own migrations (EF ties a migrations set to one context type).</summary>
public sealed class PostgresDecisionsDbContext(DbContextOptions options) : DecisionsDbContext(options)
{
    /// <summary>The schema of the decision records and Security Scores.</summary>
    public const string Schema = "decisions";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        PostgresTextOrder.UseByteOrder(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context.</summary>
internal sealed class PostgresDecisionsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDecisionsDbContext>
{
    public PostgresDecisionsDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresDecisionsDbContext>(PostgresDecisionsDbContext.Schema));
}
