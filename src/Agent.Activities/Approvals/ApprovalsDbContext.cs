using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Approvals;

/// <summary>A row of <c>approval_decisions</c> (the schema only: <see cref="ApprovalAuditStore"/> reads and writes it with SQL).</summary>
public sealed class ApprovalDecisionRow
{
    /// <summary>The approval id (primary key: the first decision wins).</summary>
    public string ApprovalId { get; set; } = "";

    /// <summary>The waiting workflow instance.</summary>
    public string InstanceId { get; set; } = "";

    /// <summary>The decision.</summary>
    public string Decision { get; set; } = "";

    /// <summary>Who decided.</summary>
    public string DecidedBy { get; set; } = "";

    /// <summary>The comment, or null.</summary>
    public string? Comment { get; set; }

    /// <summary>When, ISO 8601 UTC text.</summary>
    public string DecidedAt { get; set; } = "";
}

/// <summary>
/// Owns the schema of the approvals audit (SQLite migrations in <c>Approvals/Migrations</c>); the tables mirror the DDL
/// files were created with before, so an old file is baselined, not rebuilt.
/// </summary>
public class ApprovalsDbContext : DbContext
{
    /// <summary>A SQLite context.</summary>
    public ApprovalsDbContext(DbContextOptions<ApprovalsDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected ApprovalsDbContext(DbContextOptions options) : base(options) { }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ApprovalDecisionRow>(e =>
        {
            e.ToTable("approval_decisions");
            e.HasKey(r => r.ApprovalId);
            e.HasIndex(r => r.InstanceId).HasDatabaseName("ix_approval_decisions_instance");
        });
        SnakeCaseColumns.Apply(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
internal sealed class ApprovalsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ApprovalsDbContext>
{
    public ApprovalsDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<ApprovalsDbContext>("approvals"));
}
