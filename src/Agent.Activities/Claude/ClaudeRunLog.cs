using System.Data.Common;
using System.Globalization;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;

namespace Agent.Activities.Claude;

/// <summary>
/// Records runs in the <c>claude_runs</c> table of a SQLite file (WAL, so status queries run beside the writer) or of
/// schema <c>claude_runs</c> on PostgreSQL.
/// </summary>
public sealed class ClaudeRunLog : IClaudeRunLog, IDisposable
{
    private const string Columns = "id, prompt_sha256, arguments_json, environment_json, working_directory, started_at, ended_at, subtype, is_success, session_id, cost_usd, input_tokens, output_tokens, exit_code, attempts, error, tool_decisions_json";
    private readonly ClaudeRunLogDatabase _database;

    /// <summary>Uses the SQLite file at <paramref name="path"/> (created with its folder when missing).</summary>
    public ClaudeRunLog(string path) : this(path, new DatabaseOptions()) { }

    /// <summary>Uses the file at <paramref name="path"/> or, when <paramref name="database"/> says PostgreSQL, schema <c>claude_runs</c>.</summary>
    public ClaudeRunLog(string path, DatabaseOptions database)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The run log path (Claude:RunLogPath) is empty.", nameof(path));
        _database = new ClaudeRunLogDatabase(database, path);
    }

    /// <summary>The database behind the log.</summary>
    public ClaudeRunLogDatabase Database => _database;

    /// <inheritdoc />
    public Task RecordAsync(ClaudeRunRecord record, CancellationToken cancellationToken) => _database.ReadAsync(s => s.ExecuteAsync($"""
        INSERT INTO claude_runs ({Columns})
        VALUES (@id, @digest, @args, @env, @cwd, @start, @end, @subtype, @ok, @session, @cost, @in, @out, @exit, @attempts, @error, @decisions)
        """, cancellationToken,
        ("@id", record.Id.ToString()), ("@digest", record.PromptSha256), ("@args", record.ArgumentsJson), ("@env", record.EnvironmentJson),
        ("@cwd", record.WorkingDirectory), ("@start", record.StartedAt.ToString("O", CultureInfo.InvariantCulture)),
        ("@end", record.EndedAt.ToString("O", CultureInfo.InvariantCulture)), ("@subtype", record.Subtype), ("@ok", record.IsSuccess ? 1 : 0),
        ("@session", record.SessionId), ("@cost", record.CostUsd.ToString(CultureInfo.InvariantCulture)), ("@in", record.InputTokens),
        ("@out", record.OutputTokens), ("@exit", record.ExitCode), ("@attempts", record.Attempts), ("@error", record.Error),
        ("@decisions", record.ToolDecisionsJson)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaudeRunRecord>> RecentAsync(int count, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<ClaudeRunRecord>>(async s =>
            await s.ListAsync($"SELECT {Columns} FROM claude_runs ORDER BY started_at DESC, rowid DESC LIMIT @n", Read, cancellationToken, ("@n", count)), cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();

    private static ClaudeRunRecord Read(DbDataReader reader) => new()
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
    };
}
