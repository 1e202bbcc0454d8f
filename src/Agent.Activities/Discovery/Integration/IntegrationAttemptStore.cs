using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// Integration attempts in the <c>integration_attempts</c> table of a SQLite file (<see cref="IntegrationOptions.AttemptsDatabasePath"/>):
/// the searchable columns plus the whole attempt as JSON. Every outcome change is an update of the same row.
/// </summary>
public sealed class IntegrationAttemptStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _connectionString;
    private readonly SemaphoreSlim _init = new(1, 1);
    private bool _initialized;

    /// <summary>Uses the file of <see cref="IntegrationOptions.AttemptsDatabasePath"/> (created with its folder when missing).</summary>
    public IntegrationAttemptStore(IOptions<IntegrationOptions> options)
    {
        var full = Path.GetFullPath(options.Value.AttemptsDatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>Inserts or replaces <paramref name="attempt"/>.</summary>
    public async Task SaveAsync(IntegrationAttempt attempt, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO integration_attempts (id, server_name, name, target, outcome, reason, approval_id, created_at, updated_at, json)
            VALUES ($id, $server, $name, $target, $outcome, $reason, $approval, $created, $updated, $json)
            ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason, approval_id = excluded.approval_id,
                updated_at = excluded.updated_at, json = excluded.json
            """;
        command.Parameters.AddWithValue("$id", attempt.Id);
        command.Parameters.AddWithValue("$server", (object?)attempt.ServerName ?? DBNull.Value);
        command.Parameters.AddWithValue("$name", (object?)attempt.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("$target", attempt.Target);
        command.Parameters.AddWithValue("$outcome", attempt.Outcome);
        command.Parameters.AddWithValue("$reason", (object?)attempt.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$approval", (object?)attempt.ApprovalId ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", attempt.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$updated", attempt.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(attempt, Json));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The attempt with <paramref name="id"/>, or null.</summary>
    public async Task<IntegrationAttempt?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE id = $p", id, cancellationToken)).FirstOrDefault();

    /// <summary>The attempt an approval decides, or null.</summary>
    public async Task<IntegrationAttempt?> FindByApprovalAsync(string approvalId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE approval_id = $p", approvalId, cancellationToken)).FirstOrDefault();

    /// <summary>The attempts a workflow instance made, newest first.</summary>
    public Task<IReadOnlyList<IntegrationAttempt>> ListForInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        QueryAsync("WHERE json_extract(json, '$.instanceId') = $p ORDER BY created_at DESC, rowid DESC", instanceId, cancellationToken);

    /// <summary>The latest attempts, newest first.</summary>
    public Task<IReadOnlyList<IntegrationAttempt>> ListRecentAsync(int take = 50, CancellationToken cancellationToken = default) =>
        QueryAsync("ORDER BY created_at DESC, rowid DESC LIMIT $p", take, cancellationToken);

    private async Task<IReadOnlyList<IntegrationAttempt>> QueryAsync(string where, object parameter, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT json FROM integration_attempts {where}";
        command.Parameters.AddWithValue("$p", parameter);
        var list = new List<IntegrationAttempt>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(JsonSerializer.Deserialize<IntegrationAttempt>(reader.GetString(0), Json)!);
        return list;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (_initialized) return connection;
        await _init.WaitAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS integration_attempts (
                    id TEXT PRIMARY KEY, server_name TEXT, name TEXT, target TEXT NOT NULL, outcome TEXT NOT NULL,
                    reason TEXT, approval_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, json TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS integration_attempts_created ON integration_attempts (created_at);
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _init.Release();
        }
        return connection;
    }
}
