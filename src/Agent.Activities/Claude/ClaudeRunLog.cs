using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Claude;

/// <summary>
/// Records runs in the <c>claude_runs</c> table of a SQLite file. WAL lets readers (status queries) run beside the
/// writer, and a busy timeout makes concurrent runs wait for the lock instead of failing.
/// </summary>
public sealed class ClaudeRunLog : IClaudeRunLog, IDisposable
{
    private const int BusyTimeoutMs = 5000;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private bool _initialized;

    /// <summary>Uses the database file at <paramref name="path"/> (created with its folder when missing).</summary>
    public ClaudeRunLog(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The run log path (Claude:RunLogPath) is empty.", nameof(path));
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
    }

    /// <inheritdoc />
    public async Task RecordAsync(ClaudeRunRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO claude_runs (id, prompt_sha256, arguments_json, environment_json, working_directory, started_at, ended_at,
                subtype, is_success, session_id, cost_usd, input_tokens, output_tokens, exit_code, attempts, error, tool_decisions_json)
            VALUES ($id, $digest, $args, $env, $cwd, $start, $end, $subtype, $ok, $session, $cost, $in, $out, $exit, $attempts, $error, $decisions)
            """;
        command.Parameters.AddWithValue("$id", record.Id.ToString());
        command.Parameters.AddWithValue("$digest", record.PromptSha256);
        command.Parameters.AddWithValue("$args", record.ArgumentsJson);
        command.Parameters.AddWithValue("$env", record.EnvironmentJson);
        command.Parameters.AddWithValue("$cwd", record.WorkingDirectory);
        command.Parameters.AddWithValue("$start", record.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$end", record.EndedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$subtype", record.Subtype);
        command.Parameters.AddWithValue("$ok", record.IsSuccess ? 1 : 0);
        command.Parameters.AddWithValue("$session", (object?)record.SessionId ?? DBNull.Value);
        command.Parameters.AddWithValue("$cost", record.CostUsd.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$in", record.InputTokens);
        command.Parameters.AddWithValue("$out", record.OutputTokens);
        command.Parameters.AddWithValue("$exit", (object?)record.ExitCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$attempts", record.Attempts);
        command.Parameters.AddWithValue("$error", (object?)record.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$decisions", record.ToolDecisionsJson);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaudeRunRecord>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, prompt_sha256, arguments_json, environment_json, working_directory, started_at, ended_at, subtype, is_success, session_id, cost_usd, input_tokens, output_tokens, exit_code, attempts, error, tool_decisions_json FROM claude_runs ORDER BY started_at DESC, rowid DESC LIMIT $n";
        command.Parameters.AddWithValue("$n", count);
        var records = new List<ClaudeRunRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new ClaudeRunRecord
            {
                Id = Guid.Parse(reader.GetString(0)),
                PromptSha256 = reader.GetString(1),
                ArgumentsJson = reader.GetString(2),
                EnvironmentJson = reader.GetString(3),
                WorkingDirectory = reader.GetString(4),
                StartedAt = DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                EndedAt = DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
                Subtype = reader.GetString(7),
                IsSuccess = reader.GetInt32(8) == 1,
                SessionId = reader.IsDBNull(9) ? null : reader.GetString(9),
                CostUsd = decimal.Parse(reader.GetString(10), CultureInfo.InvariantCulture),
                InputTokens = reader.GetInt64(11),
                OutputTokens = reader.GetInt64(12),
                ExitCode = reader.IsDBNull(13) ? null : reader.GetInt32(13),
                Attempts = reader.GetInt32(14),
                Error = reader.IsDBNull(15) ? null : reader.GetString(15),
                ToolDecisionsJson = reader.IsDBNull(16) ? "[]" : reader.GetString(16),
            });
        }
        return records;
    }

    /// <inheritdoc />
    public void Dispose() => _initLock.Dispose();

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"PRAGMA busy_timeout = {BusyTimeoutMs};", cancellationToken);
        if (!_initialized)
        {
            await _initLock.WaitAsync(cancellationToken);
            try
            {
                if (!_initialized)
                {
                    await ExecuteAsync(connection, """
                        PRAGMA journal_mode = WAL;
                        CREATE TABLE IF NOT EXISTS claude_runs (
                            id TEXT PRIMARY KEY, prompt_sha256 TEXT NOT NULL, arguments_json TEXT NOT NULL, environment_json TEXT NOT NULL,
                            working_directory TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT NOT NULL, subtype TEXT NOT NULL,
                            is_success INTEGER NOT NULL, session_id TEXT, cost_usd TEXT NOT NULL, input_tokens INTEGER NOT NULL,
                            output_tokens INTEGER NOT NULL, exit_code INTEGER, attempts INTEGER NOT NULL, error TEXT);
                        CREATE INDEX IF NOT EXISTS ix_claude_runs_started_at ON claude_runs (started_at);
                        """, cancellationToken);
                    // Logs written before the oversight journal existed get its column (old rows read as no decisions).
                    if (!await HasColumnAsync(connection, "tool_decisions_json", cancellationToken))
                        await ExecuteAsync(connection, "ALTER TABLE claude_runs ADD COLUMN tool_decisions_json TEXT;", cancellationToken);
                    _initialized = true;
                }
            }
            finally
            {
                _initLock.Release();
            }
        }
        return connection;
    }

    private static async Task<bool> HasColumnAsync(SqliteConnection connection, string column, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('claude_runs') WHERE name = $name";
        command.Parameters.AddWithValue("$name", column);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
