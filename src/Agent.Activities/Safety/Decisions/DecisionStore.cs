using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Safety.Decisions;

/// <summary>
/// The decision records and the Security Scores per cycle, in SQLite (tables <c>decision_records</c> and
/// <c>security_scores</c> of the agent database). A cycle has at most one record per kind and subject: recording it again
/// (a step re-run after a crash) replaces it.
/// </summary>
public sealed class DecisionStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS decision_records (id TEXT PRIMARY KEY, cycle_id TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
            target TEXT NOT NULL, outcome TEXT NOT NULL, reasons TEXT NOT NULL, principles TEXT NOT NULL, at TEXT NOT NULL,
            UNIQUE (cycle_id, kind, subject));
        CREATE INDEX IF NOT EXISTS ix_decision_records_at ON decision_records (at);
        CREATE TABLE IF NOT EXISTS security_scores (cycle_id TEXT PRIMARY KEY, target TEXT NOT NULL, at TEXT NOT NULL, score INTEGER NOT NULL,
            partial INTEGER NOT NULL, details TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_security_scores_target ON security_scores (target, at);
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteSchemaFile _file;

    /// <summary>Uses the SQLite file at <paramref name="path"/>.</summary>
    public DecisionStore(string path) => _file = new SqliteSchemaFile(path, Schema);

    /// <summary>
    /// Stores <paramref name="record"/>; when the cycle already has a record of the same kind and subject, that one is
    /// replaced (keeping its id). Returns the stored record and whether it is new or changed its outcome.
    /// </summary>
    public async Task<(DecisionRecord Record, bool Changed)> SaveAsync(DecisionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var existing = (await QueryAsync(connection, "WHERE cycle_id = $c AND kind = $k AND subject = $s", cancellationToken, ("$c", record.CycleId), ("$k", record.Kind), ("$s", record.Subject))).FirstOrDefault();
        var stored = existing is null ? record : record with { Id = existing.Id };
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT INTO decision_records (id, cycle_id, kind, subject, target, outcome, reasons, principles, at)
                VALUES ($id, $c, $k, $s, $t, $o, $r, $p, $at)
                ON CONFLICT (cycle_id, kind, subject) DO UPDATE SET target = $t, outcome = $o, reasons = $r, principles = $p, at = $at
                """;
            Add(command, ("$id", stored.Id), ("$c", stored.CycleId), ("$k", stored.Kind), ("$s", stored.Subject), ("$t", stored.Target), ("$o", stored.OutcomeName),
                ("$r", JsonSerializer.Serialize(stored.Reasons, Json)), ("$p", JsonSerializer.Serialize(stored.Principles, Json)), ("$at", Format(stored.At)));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (stored, existing is null || existing.Outcome != stored.Outcome);
    }

    /// <summary>The records of <paramref name="cycleId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> ForCycleAsync(string cycleId, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync(connection, "WHERE cycle_id = $c ORDER BY at, id", cancellationToken, ("$c", cycleId)).ConfigureAwait(false);
    }

    /// <summary>The newest <paramref name="limit"/> records, newest first, optionally only those with <paramref name="outcome"/>.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> RecentAsync(int limit, DecisionOutcome? outcome, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        var filter = outcome is null ? "" : "WHERE outcome = $o ";
        return await QueryAsync(connection, filter + "ORDER BY at DESC, id DESC LIMIT $n", cancellationToken, ("$o", outcome?.ToString().ToLowerInvariant()), ("$n", limit)).ConfigureAwait(false);
    }

    /// <summary>Stores the Security Score of <paramref name="cycleId"/> (replacing an earlier one of the same cycle).</summary>
    public async Task SaveScoreAsync(string cycleId, string target, DateTimeOffset at, int score, bool partial, IReadOnlyList<string> details, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO security_scores (cycle_id, target, at, score, partial, details) VALUES ($c, $t, $at, $s, $p, $d)
            ON CONFLICT (cycle_id) DO UPDATE SET target = $t, at = $at, score = $s, partial = $p, details = $d
            """;
        Add(command, ("$c", cycleId), ("$t", target), ("$at", Format(at)), ("$s", score), ("$p", partial ? 1 : 0), ("$d", JsonSerializer.Serialize(details, Json)));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest Security Score of each target (or of <paramref name="target"/> only).</summary>
    public async Task<IReadOnlyList<StoredSecurityScore>> LatestScoresAsync(string? target, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT cycle_id, target, at, score, partial, details FROM security_scores s
            WHERE ($t IS NULL OR target = $t) AND at = (SELECT MAX(at) FROM security_scores WHERE target = s.target) ORDER BY target
            """;
        Add(command, ("$t", target));
        var scores = new List<StoredSecurityScore>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            scores.Add(new StoredSecurityScore(reader.GetString(0), reader.GetString(1), Parse(reader.GetString(2)), reader.GetInt32(3), reader.GetInt32(4) == 1,
                JsonSerializer.Deserialize<List<string>>(reader.GetString(5), Json) ?? []));
        return scores;
    }

    private static async Task<IReadOnlyList<DecisionRecord>> QueryAsync(SqliteConnection connection, string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, cycle_id, kind, subject, target, outcome, reasons, principles, at FROM decision_records " + where;
        Add(command, parameters);
        var records = new List<DecisionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new DecisionRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                JsonSerializer.Deserialize<List<PrincipleResult>>(reader.GetString(7), Json) ?? [],
                Enum.Parse<DecisionOutcome>(reader.GetString(5), ignoreCase: true),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(6), Json) ?? [], Parse(reader.GetString(8))));
        }
        return records;
    }

    private static void Add(SqliteCommand command, params (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>A stored Security Score.</summary>
/// <param name="CycleId">The cycle that computed it.</param>
/// <param name="Target">The target repository.</param>
/// <param name="At">When.</param>
/// <param name="Score">0–100.</param>
/// <param name="Partial">True when vulnerability data was unknown (the score is an upper bound).</param>
/// <param name="Details">The deductions and notes.</param>
public sealed record StoredSecurityScore(string CycleId, string Target, DateTimeOffset At, int Score, bool Partial, IReadOnlyList<string> Details);
