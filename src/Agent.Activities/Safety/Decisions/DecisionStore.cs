using System.Globalization;
using System.Text.Json;
using Agent.Activities.Persistence;
using Agent.Activities.Safety.Decisions.PostgreSql;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Safety.Decisions;

/// <summary>
/// The decision records and the Security Scores per cycle (tables <c>decision_records</c> and <c>security_scores</c> of
/// the agent database, or schema <c>decisions</c> on PostgreSQL). A cycle has at most one record per kind and subject:
/// recording it again (a step re-run after a crash) replaces it.
/// </summary>
public sealed class DecisionStore
{
    private const string RecordColumns = "id, cycle_id, kind, subject, target, outcome, reasons, principles, at";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly DecisionsDatabase _database;

    /// <summary>Uses the SQLite file at <paramref name="path"/>.</summary>
    public DecisionStore(string path) : this(path, new DatabaseOptions()) { }

    /// <summary>Uses the file at <paramref name="path"/> or, when <paramref name="database"/> says PostgreSQL, schema <c>decisions</c>.</summary>
    public DecisionStore(string path, DatabaseOptions database) => _database = new DecisionsDatabase(database, path);

    /// <summary>The database behind the store.</summary>
    public DecisionsDatabase Database => _database;

    /// <summary>
    /// Stores <paramref name="record"/>; when the cycle already has a record of the same kind and subject, that one is
    /// replaced (keeping its id). Returns the stored record and whether it is new or changed its outcome.
    /// </summary>
    public Task<(DecisionRecord Record, bool Changed)> SaveAsync(DecisionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _database.WriteAsync(async s =>
        {
            var existing = (await QueryAsync(s, "WHERE cycle_id = @c AND kind = @k AND subject = @s", cancellationToken, ("@c", record.CycleId), ("@k", record.Kind), ("@s", record.Subject)).ConfigureAwait(false)).FirstOrDefault();
            var stored = existing is null ? record : record with { Id = existing.Id };
            await s.ExecuteAsync($"""
                INSERT INTO decision_records ({RecordColumns}) VALUES (@id, @c, @k, @s, @t, @o, @r, @p, @at)
                ON CONFLICT (cycle_id, kind, subject) DO UPDATE SET target = excluded.target, outcome = excluded.outcome, reasons = excluded.reasons,
                    principles = excluded.principles, at = excluded.at
                """, cancellationToken, ("@id", stored.Id), ("@c", stored.CycleId), ("@k", stored.Kind), ("@s", stored.Subject), ("@t", stored.Target), ("@o", stored.OutcomeName),
                ("@r", JsonSerializer.Serialize(stored.Reasons, Json)), ("@p", JsonSerializer.Serialize(stored.Principles, Json)), ("@at", Format(stored.At))).ConfigureAwait(false);
            return (stored, existing is null || existing.Outcome != stored.Outcome);
        }, cancellationToken);
    }

    /// <summary>The records of <paramref name="cycleId"/>, oldest first.</summary>
    public Task<IReadOnlyList<DecisionRecord>> ForCycleAsync(string cycleId, CancellationToken cancellationToken) =>
        _database.ReadAsync(s => QueryAsync(s, "WHERE cycle_id = @c ORDER BY at, id", cancellationToken, ("@c", cycleId)), cancellationToken);

    /// <summary>The newest <paramref name="limit"/> records, newest first, optionally only those with <paramref name="outcome"/>.</summary>
    public Task<IReadOnlyList<DecisionRecord>> RecentAsync(int limit, DecisionOutcome? outcome, CancellationToken cancellationToken) =>
        _database.ReadAsync(s => outcome is null
            ? QueryAsync(s, "ORDER BY at DESC, id DESC LIMIT @n", cancellationToken, ("@n", limit))
            : QueryAsync(s, "WHERE outcome = @o ORDER BY at DESC, id DESC LIMIT @n", cancellationToken, ("@o", outcome.Value.ToString().ToLowerInvariant()), ("@n", limit)), cancellationToken);

    /// <summary>Stores the Security Score of <paramref name="cycleId"/> (replacing an earlier one of the same cycle).</summary>
    public Task SaveScoreAsync(string cycleId, string target, DateTimeOffset at, int score, bool partial, IReadOnlyList<string> details, CancellationToken cancellationToken) =>
        _database.ReadAsync(s => s.ExecuteAsync("""
            INSERT INTO security_scores (cycle_id, target, at, score, partial, details) VALUES (@c, @t, @at, @s, @p, @d)
            ON CONFLICT (cycle_id) DO UPDATE SET target = excluded.target, at = excluded.at, score = excluded.score, partial = excluded.partial, details = excluded.details
            """, cancellationToken, ("@c", cycleId), ("@t", target), ("@at", Format(at)), ("@s", score), ("@p", partial ? 1 : 0), ("@d", JsonSerializer.Serialize(details, Json))), cancellationToken);

    /// <summary>The newest Security Score of each target (or of <paramref name="target"/> only).</summary>
    public Task<IReadOnlyList<StoredSecurityScore>> LatestScoresAsync(string? target, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<StoredSecurityScore>>(async s => await s.ListAsync("""
            SELECT cycle_id, target, at, score, partial, details FROM security_scores s
            WHERE (CAST(@t AS TEXT) IS NULL OR target = @t) AND at = (SELECT MAX(at) FROM security_scores WHERE target = s.target) ORDER BY target
            """, r => new StoredSecurityScore(r.GetString(0), r.GetString(1), Parse(r.GetString(2)), r.GetInt32(3), r.GetInt32(4) == 1,
                JsonSerializer.Deserialize<List<string>>(r.GetString(5), Json) ?? []), cancellationToken, ("@t", target)).ConfigureAwait(false), cancellationToken);

    private static async Task<IReadOnlyList<DecisionRecord>> QueryAsync(SqlSession session, string where, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        await session.ListAsync($"SELECT {RecordColumns} FROM decision_records {where}", r => new DecisionRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
            JsonSerializer.Deserialize<List<PrincipleResult>>(r.GetString(7), Json) ?? [],
            Enum.Parse<DecisionOutcome>(r.GetString(5), ignoreCase: true),
            JsonSerializer.Deserialize<List<string>>(r.GetString(6), Json) ?? [], Parse(r.GetString(8))), cancellationToken, parameters).ConfigureAwait(false);

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>The decision records' database: its SQLite file (by default the engine's <c>agent.db</c>) or schema <c>decisions</c>.</summary>
public sealed class DecisionsDatabase(DatabaseOptions database, string path) : RawStoreDatabase<DecisionsDbContext>(database,
    new SqlStoreSettings(path, PostgresDecisionsDbContext.Schema, "decisions database", "Safety:Decisions:DatabasePath"), "decision_records", """
        CREATE TABLE IF NOT EXISTS decision_records (id TEXT PRIMARY KEY, cycle_id TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
            target TEXT NOT NULL, outcome TEXT NOT NULL, reasons TEXT NOT NULL, principles TEXT NOT NULL, at TEXT NOT NULL,
            UNIQUE (cycle_id, kind, subject));
        CREATE INDEX IF NOT EXISTS ix_decision_records_at ON decision_records (at);
        CREATE TABLE IF NOT EXISTS security_scores (cycle_id TEXT PRIMARY KEY, target TEXT NOT NULL, at TEXT NOT NULL, score INTEGER NOT NULL,
            partial INTEGER NOT NULL, details TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_security_scores_target ON security_scores (target, at);
        """)
{
    /// <inheritdoc />
    protected override DecisionsDbContext CreateContext(DbContextOptions options, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? new PostgresDecisionsDbContext(options) : new DecisionsDbContext((DbContextOptions<DecisionsDbContext>)options);
}

/// <summary>A stored Security Score.</summary>
/// <param name="CycleId">The cycle that computed it.</param>
/// <param name="Target">The target repository.</param>
/// <param name="At">When.</param>
/// <param name="Score">0–100.</param>
/// <param name="Partial">True when vulnerability data was unknown (the score is an upper bound).</param>
/// <param name="Details">The deductions and notes.</param>
public sealed record StoredSecurityScore(string CycleId, string Target, DateTimeOffset At, int Score, bool Partial, IReadOnlyList<string> Details);
