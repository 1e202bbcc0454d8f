using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Approvals.PostgreSql;

/// <summary>The approvals audit on PostgreSQL: the same model in schema <see cref="Schema"/>, with its own migrations.</summary>
public sealed class PostgresApprovalsDbContext(DbContextOptions options) : ApprovalsDbContext(options)
{
    /// <summary>The schema of the approvals tables.</summary>
    public const string Schema = "approvals";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        PostgresTextOrder.UseByteOrder(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context.</summary>
internal sealed class PostgresApprovalsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresApprovalsDbContext>
{
    public PostgresApprovalsDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresApprovalsDbContext>(PostgresApprovalsDbContext.Schema));
}
