using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Safety.Budgets;

/// <summary>A row of <c>budget_spend</c> (schema only).</summary>
public sealed class BudgetSpendRow
{
    /// <summary>The charge id.</summary>
    public string Id { get; set; } = "";

    /// <summary>ISO 8601 UTC text.</summary>
    public string At { get; set; } = "";

    /// <summary>The UTC day.</summary>
    public string Day { get; set; } = "";

    /// <summary>The UTC month.</summary>
    public string Month { get; set; } = "";

    /// <summary>The account (cycle).</summary>
    public string? Account { get; set; }

    /// <summary>Tokens.</summary>
    public long Tokens { get; set; }

    /// <summary>USD, invariant decimal text.</summary>
    public string Usd { get; set; } = "";

    /// <summary>The source.</summary>
    public string Source { get; set; } = "";
}

/// <summary>A row of <c>budget_self_modifications</c> (schema only).</summary>
public sealed class BudgetSelfModificationRow
{
    /// <summary>The id.</summary>
    public string Id { get; set; } = "";

    /// <summary>ISO 8601 UTC text.</summary>
    public string At { get; set; } = "";

    /// <summary>The target.</summary>
    public string Target { get; set; } = "";
}

/// <summary>
/// Owns the schema of the spend ledger (SQLite migrations in <c>Safety/Budgets/Migrations</c>, PostgreSQL ones on
/// <see cref="PostgreSql.PostgresBudgetDbContext"/>). The tables mirror the DDL files were created with before, so an old file is
/// baselined, not rebuilt; <see cref="SpendLedger"/> reads and writes them with SQL.
/// </summary>
public class BudgetDbContext : DbContext
{
    /// <summary>A SQLite context.</summary>
    public BudgetDbContext(DbContextOptions<BudgetDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected BudgetDbContext(DbContextOptions options) : base(options) { }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BudgetSpendRow>(e =>
        {
            e.ToTable("budget_spend");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.Month).HasDatabaseName("ix_budget_spend_month");
            e.HasIndex(r => r.Account).HasDatabaseName("ix_budget_spend_account");
        });
        modelBuilder.Entity<BudgetSelfModificationRow>(e =>
        {
            e.ToTable("budget_self_modifications");
            e.HasKey(r => r.Id);
        });
        SnakeCaseColumns.Apply(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
internal sealed class BudgetDbContextDesignTimeFactory : IDesignTimeDbContextFactory<BudgetDbContext>
{
    public BudgetDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<BudgetDbContext>("budget"));
}
