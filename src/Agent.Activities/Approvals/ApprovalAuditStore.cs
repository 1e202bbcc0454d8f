using System.Data.Common;
using System.Globalization;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;

namespace Agent.Activities.Approvals;

/// <summary>
/// The audit of approval decisions in the <c>approval_decisions</c> table (a SQLite file, or schema <c>approvals</c> on
/// PostgreSQL). The approval id is the primary key, so of two decisions for one approval — two people, or a person and
/// the expiry — only the first is stored; that record is what the waiting activity acts on.
/// </summary>
public sealed class ApprovalAuditStore
{
    private const string Columns = "approval_id, instance_id, decision, decided_by, comment, decided_at";
    private readonly ApprovalsDatabase _database;

    /// <summary>Uses the SQLite file at <paramref name="path"/> (created with its folder when missing).</summary>
    public ApprovalAuditStore(string path) : this(path, new DatabaseOptions()) { }

    /// <summary>Uses the file at <paramref name="path"/> or, when <paramref name="database"/> says PostgreSQL, schema <c>approvals</c>.</summary>
    public ApprovalAuditStore(string path, DatabaseOptions database)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The approvals database path (Approvals:DatabasePath) is empty.", nameof(path));
        _database = new ApprovalsDatabase(database, path);
    }

    /// <summary>The database behind the store.</summary>
    public ApprovalsDatabase Database => _database;

    /// <summary>Stores <paramref name="record"/> unless its approval was already decided; returns the record that is stored now.</summary>
    public async Task<ApprovalRecord> InsertOrGetAsync(ApprovalRecord record, CancellationToken cancellationToken = default)
    {
        var inserted = await _database.ReadAsync(s => s.ExecuteAsync($"""
            INSERT INTO approval_decisions ({Columns}) VALUES (@id, @instance, @decision, @by, @comment, @at) ON CONFLICT (approval_id) DO NOTHING
            """, cancellationToken, ("@id", record.ApprovalId), ("@instance", record.InstanceId), ("@decision", record.Decision), ("@by", record.By),
            ("@comment", record.Comment), ("@at", SqlStoreCommands.Time(record.DecidedAt))), cancellationToken);
        if (inserted == 1) return record;
        return await FindAsync(record.ApprovalId, cancellationToken) ?? throw new InvalidOperationException($"Approval '{record.ApprovalId}' vanished from the audit.");
    }

    /// <summary>The decision of an approval, or null while it is undecided.</summary>
    public async Task<ApprovalRecord?> FindAsync(string approvalId, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync("WHERE approval_id = @p", approvalId, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The decisions about one instance, oldest first.</summary>
    public Task<IReadOnlyList<ApprovalRecord>> ListForInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        QueryAsync("WHERE instance_id = @p ORDER BY decided_at", instanceId, cancellationToken);

    /// <summary>The latest decisions, newest first.</summary>
    public Task<IReadOnlyList<ApprovalRecord>> ListRecentAsync(int take, CancellationToken cancellationToken = default) =>
        QueryAsync("ORDER BY decided_at DESC LIMIT @p", take, cancellationToken);

    private Task<IReadOnlyList<ApprovalRecord>> QueryAsync(string where, object parameter, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<ApprovalRecord>>(async s =>
            await s.ListAsync($"SELECT {Columns} FROM approval_decisions {where}", Read, cancellationToken, ("@p", parameter)), cancellationToken);

    private static ApprovalRecord Read(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4), DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
}
