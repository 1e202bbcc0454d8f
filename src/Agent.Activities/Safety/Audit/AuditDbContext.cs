using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Safety.Audit;

/// <summary>A row of <c>audit_log</c> (schema only).</summary>
public sealed class AuditLogRow
{
    /// <summary>The position in the chain.</summary>
    public long Seq { get; set; }

    /// <summary>The event id.</summary>
    public string Id { get; set; } = "";

    /// <summary>ISO 8601 UTC text.</summary>
    public string At { get; set; } = "";

    /// <summary>The kind.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Who.</summary>
    public string Actor { get; set; } = "";

    /// <summary>What.</summary>
    public string Summary { get; set; } = "";

    /// <summary>Canonical JSON data.</summary>
    public string Data { get; set; } = "";

    /// <summary>The previous hash.</summary>
    public string PrevHash { get; set; } = "";

    /// <summary>This record's hash.</summary>
    public string Hash { get; set; } = "";
}

/// <summary>A row of <c>webhook_outbox</c> (schema only).</summary>
public sealed class WebhookOutboxRow
{
    /// <summary>The row id.</summary>
    public long Id { get; set; }

    /// <summary>The event.</summary>
    public string EventId { get; set; } = "";

    /// <summary>The kind.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The endpoint.</summary>
    public string Url { get; set; } = "";

    /// <summary>The payload format.</summary>
    public string Format { get; set; } = "";

    /// <summary>The payload.</summary>
    public string Body { get; set; } = "";

    /// <summary>pending, delivered or dead.</summary>
    public string Status { get; set; } = "";

    /// <summary>Attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Next attempt, ISO 8601 UTC text.</summary>
    public string NextAttemptAt { get; set; } = "";

    /// <summary>The last error.</summary>
    public string? LastError { get; set; }

    /// <summary>Delivered, ISO 8601 UTC text.</summary>
    public string? DeliveredAt { get; set; }

    /// <summary>Queued, ISO 8601 UTC text.</summary>
    public string CreatedAt { get; set; } = "";
}

/// <summary>
/// Owns the schema of the audit log and webhook outbox (SQLite migrations in <c>Safety/Audit/Migrations</c>, PostgreSQL ones on
/// <see cref="PostgreSql.PostgresAuditDbContext"/>). The tables mirror the DDL files were created with before, so an old file is
/// baselined, not rebuilt; <see cref="AuditDatabase"/> reads and writes them with SQL.
/// </summary>
public class AuditDbContext : DbContext
{
    /// <summary>A SQLite context.</summary>
    public AuditDbContext(DbContextOptions<AuditDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected AuditDbContext(DbContextOptions options) : base(options) { }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditLogRow>(e =>
        {
            e.ToTable("audit_log");
            e.HasKey(r => r.Seq);
            // The appender numbers the chain itself (last seq + 1 under the write lock).
            e.Property(r => r.Seq).ValueGeneratedNever();
            e.HasAlternateKey(r => r.Id);
            e.HasIndex(r => new { r.Kind, r.Seq }).HasDatabaseName("ix_audit_log_kind");
        });
        modelBuilder.Entity<WebhookOutboxRow>(e =>
        {
            e.ToTable("webhook_outbox");
            e.HasKey(r => r.Id);
            e.Property(r => r.Status).HasDefaultValue("pending");
            e.Property(r => r.Attempts).HasDefaultValue(0);
            e.HasAlternateKey(r => new { r.EventId, r.Url });
            e.HasIndex(r => new { r.Status, r.NextAttemptAt }).HasDatabaseName("ix_webhook_outbox_due");
        });
        SnakeCaseColumns.Apply(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
internal sealed class AuditDbContextDesignTimeFactory : IDesignTimeDbContextFactory<AuditDbContext>
{
    public AuditDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<AuditDbContext>("audit"));
}
