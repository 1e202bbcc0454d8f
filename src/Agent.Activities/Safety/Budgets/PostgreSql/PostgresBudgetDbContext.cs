using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Safety.Budgets.PostgreSql;

/// <summary>The spend ledger on PostgreSQL: the same model in schema <see cref="Schema"/>, with its own migrations (EF ties a migrations set to one context type).</summary>
public sealed class PostgresBudgetDbContext(DbContextOptions options) : BudgetDbContext(options)
{
    /// <summary>The schema of the spend ledger.</summary>
    public const string Schema = "budget";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        PostgresTextOrder.UseByteOrder(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context.</summary>
internal sealed class PostgresBudgetDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBudgetDbContext>
{
    public PostgresBudgetDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresBudgetDbContext>(PostgresBudgetDbContext.Schema));
}
