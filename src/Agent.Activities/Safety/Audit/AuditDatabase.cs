using System.Globalization;
using Agent.Activities.Persistence;
using Agent.Activities.Safety.Audit.PostgreSql;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Safety.Audit;

/// <summary>
/// The audit's database — a SQLite file, or schema <c>audit</c> on PostgreSQL: the hash-chained <c>audit_log</c> and the
/// <c>webhook_outbox</c> that is filled in the same transaction. Triggers refuse UPDATE and DELETE on the log; they are a
/// speed bump, not the protection — anyone with the database can drop them, which is why <see cref="AuditVerifier"/>
/// recomputes the chain instead of trusting them.
/// </summary>
public sealed class AuditDatabase : RawStoreDatabase<AuditDbContext>
{
    private const string LegacyDdl = """
        CREATE TABLE IF NOT EXISTS audit_log (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, kind TEXT NOT NULL,
            actor TEXT NOT NULL, summary TEXT NOT NULL, data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_audit_log_kind ON audit_log (kind, seq);
        CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TABLE IF NOT EXISTS webhook_outbox (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, kind TEXT NOT NULL, url TEXT NOT NULL,
            format TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL, last_error TEXT, delivered_at TEXT, created_at TEXT NOT NULL, UNIQUE (event_id, url));
        CREATE INDEX IF NOT EXISTS ix_webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
        """;

    /// <summary>Uses the SQLite file at <paramref name="path"/> (created with its folder when missing).</summary>
    public AuditDatabase(string path) : this(path, new DatabaseOptions()) { }

    /// <summary>
    /// Uses the file at <paramref name="path"/> or, when <paramref name="database"/> says PostgreSQL, schema <c>audit</c>;
    /// the anchor stays a file next to <paramref name="path"/> either way.
    /// </summary>
    public AuditDatabase(string path, DatabaseOptions database)
        : base(database, new SqlStoreSettings(Checked(path), PostgresAuditDbContext.Schema, "audit database", "Safety:Audit:DatabasePath"), "audit_log", LegacyDdl)
    {
        FilePath = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The database file's full path (on PostgreSQL: where the anchor file is kept beside).</summary>
    public string FilePath { get; }

    /// <summary>The anchor file next to the database (the last seq and hash written).</summary>
    public string AnchorPath => AuditOptions.AnchorPathFor(FilePath);

    /// <summary>How times are stored: ISO 8601 UTC round-trip, which also sorts as text.</summary>
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (SQLite <c>BEGIN IMMEDIATE</c>, PostgreSQL the store's advisory
    /// lock): the lock is taken before anything is read, so reading the last hash and appending after it is atomic across
    /// processes (the server, a CLI, other replicas).
    /// </summary>
    public Task<T> InTransactionAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken) => WriteAsync(work, cancellationToken);

    /// <inheritdoc />
    protected override AuditDbContext CreateContext(DbContextOptions options, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? new PostgresAuditDbContext(options) : new AuditDbContext((DbContextOptions<AuditDbContext>)options);

    private static string Checked(string path) => string.IsNullOrWhiteSpace(path)
        ? throw new ArgumentException("The audit database path (Safety:Audit:DatabasePath) is empty; give a file such as .data/audit.db.", nameof(path))
        : path;
}
