using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Approvals;

/// <summary>
/// The audit of approval decisions in the <c>approval_decisions</c> table of a SQLite file. The approval id is the
/// primary key, so of two decisions for one approval — two people, or a person and the expiry — only the first is
/// stored; that record is what the waiting activity acts on.
/// </summary>
public sealed class ApprovalAuditStore
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _init = new(1, 1);
    private bool _initialized;

    /// <summary>Uses the database file at <paramref name="path"/> (created with its folder when missing).</summary>
    public ApprovalAuditStore(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The approvals database path (Approvals:DatabasePath) is empty.", nameof(path));
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>Stores <paramref name="record"/> unless its approval was already decided; returns the record that is stored now.</summary>
    public async Task<ApprovalRecord> InsertOrGetAsync(ApprovalRecord record, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO approval_decisions (approval_id, instance_id, decision, decided_by, comment, decided_at)
            VALUES ($id, $instance, $decision, $by, $comment, $at) ON CONFLICT (approval_id) DO NOTHING
            """;
        command.Parameters.AddWithValue("$id", record.ApprovalId);
        command.Parameters.AddWithValue("$instance", record.InstanceId);
        command.Parameters.AddWithValue("$decision", record.Decision);
        command.Parameters.AddWithValue("$by", record.By);
        command.Parameters.AddWithValue("$comment", (object?)record.Comment ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", record.DecidedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1) return record;
        return await FindAsync(record.ApprovalId, cancellationToken) ?? throw new InvalidOperationException($"Approval '{record.ApprovalId}' vanished from the audit.");
    }

    /// <summary>The decision of an approval, or null while it is undecided.</summary>
    public async Task<ApprovalRecord?> FindAsync(string approvalId, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync("WHERE approval_id = $id", cmd => cmd.Parameters.AddWithValue("$id", approvalId), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The decisions about one instance, oldest first.</summary>
    public Task<IReadOnlyList<ApprovalRecord>> ListForInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        QueryAsync("WHERE instance_id = $instance ORDER BY decided_at", cmd => cmd.Parameters.AddWithValue("$instance", instanceId), cancellationToken);

    /// <summary>The latest decisions, newest first.</summary>
    public Task<IReadOnlyList<ApprovalRecord>> ListRecentAsync(int take, CancellationToken cancellationToken = default) =>
        QueryAsync("ORDER BY decided_at DESC LIMIT $take", cmd => cmd.Parameters.AddWithValue("$take", take), cancellationToken);

    private async Task<IReadOnlyList<ApprovalRecord>> QueryAsync(string where, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT approval_id, instance_id, decision, decided_by, comment, decided_at FROM approval_decisions {where}";
        bind(command);
        var list = new List<ApprovalRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new ApprovalRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
        return list;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (!_initialized)
        {
            await _init.WaitAsync(cancellationToken);
            try
            {
                if (!_initialized)
                {
                    await using var create = connection.CreateCommand();
                    create.CommandText = """
                        PRAGMA journal_mode = WAL;
                        CREATE TABLE IF NOT EXISTS approval_decisions (
                            approval_id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, decision TEXT NOT NULL, decided_by TEXT NOT NULL,
                            comment TEXT, decided_at TEXT NOT NULL);
                        CREATE INDEX IF NOT EXISTS ix_approval_decisions_instance ON approval_decisions (instance_id);
                        """;
                    await create.ExecuteNonQueryAsync(cancellationToken);
                    _initialized = true;
                }
            }
            finally { _init.Release(); }
        }
        return connection;
    }
}
