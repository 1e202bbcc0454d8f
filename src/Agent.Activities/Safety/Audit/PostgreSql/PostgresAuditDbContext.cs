using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Safety.Audit.PostgreSql;

/// <summary>The audit log and webhook outbox on PostgreSQL: the same model in schema <see cref="Schema"/>, with its own migrations (EF ties a migrations set to one context type).</summary>
public sealed class PostgresAuditDbContext(DbContextOptions options) : AuditDbContext(options)
{
    /// <summary>The schema of the audit log and webhook outbox.</summary>
    public const string Schema = "audit";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        PostgresTextOrder.UseByteOrder(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context.</summary>
internal sealed class PostgresAuditDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAuditDbContext>
{
    public PostgresAuditDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresAuditDbContext>(PostgresAuditDbContext.Schema));
}
