using System.Globalization;
using Agent.Activities.Persistence;
using Agent.Activities.Schedule.PostgreSql;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Schedule;

/// <summary>What is kept per scheduled definition across restarts: paused or not, and the last fire.</summary>
public sealed record ScheduleState(string DefinitionId, bool Paused, DateTimeOffset? LastFiredAt, string? LastInstanceId, string? LastOutcome);

/// <summary>
/// The schedule's own state in the <c>schedule_state</c> table of a SQLite file (by default the engine's <c>agent.db</c>)
/// or schema <c>schedule</c> on PostgreSQL. What is scheduled is not stored: it is rebuilt from the published definitions
/// on every start (see <see cref="QuartzScheduleSync"/>), so the two cannot drift; only what the definitions do not say —
/// pauses and the last fire, for the misfire policy — lives here.
/// </summary>
public sealed class ScheduleStateStore
{
    private readonly ScheduleDatabase _database;

    /// <summary>Uses the SQLite file at <paramref name="path"/>.</summary>
    public ScheduleStateStore(string path) : this(path, new DatabaseOptions()) { }

    /// <summary>Uses the file at <paramref name="path"/> or, when <paramref name="database"/> says PostgreSQL, schema <c>schedule</c>.</summary>
    public ScheduleStateStore(string path, DatabaseOptions database) => _database = new ScheduleDatabase(database, path);

    /// <summary>The database behind the store.</summary>
    public ScheduleDatabase Database => _database;

    /// <summary>Every stored state.</summary>
    public Task<IReadOnlyDictionary<string, ScheduleState>> ListAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyDictionary<string, ScheduleState>>(async s =>
        {
            var rows = await s.ListAsync("SELECT definition_id, paused, last_fired_at, last_instance_id, last_outcome FROM schedule_state", reader =>
                new ScheduleState(reader.GetString(0), reader.GetInt64(1) != 0,
                    reader.IsDBNull(2) ? null : DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)), cancellationToken);
            return rows.ToDictionary(r => r.DefinitionId, StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>Pauses or resumes a definition's schedule.</summary>
    public Task SetPausedAsync(string definitionId, bool paused, CancellationToken cancellationToken = default) => ExecuteAsync("""
        INSERT INTO schedule_state (definition_id, paused) VALUES (@id, @paused)
        ON CONFLICT (definition_id) DO UPDATE SET paused = excluded.paused
        """, cancellationToken, ("@id", definitionId), ("@paused", paused ? 1L : 0L));

    /// <summary>Records a fire: when, the instance it started (if any) and how it went.</summary>
    public Task RecordFireAsync(string definitionId, DateTimeOffset at, string? instanceId, string outcome, CancellationToken cancellationToken = default) => ExecuteAsync("""
        INSERT INTO schedule_state (definition_id, paused, last_fired_at, last_instance_id, last_outcome) VALUES (@id, 0, @at, @instance, @outcome)
        ON CONFLICT (definition_id) DO UPDATE SET last_fired_at = excluded.last_fired_at, last_instance_id = excluded.last_instance_id, last_outcome = excluded.last_outcome
        """, cancellationToken, ("@id", definitionId), ("@at", at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("@instance", instanceId), ("@outcome", outcome));

    private Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        _database.ReadAsync(s => s.ExecuteAsync(sql, cancellationToken, parameters), cancellationToken);
}

/// <summary>The schedule state's database: its SQLite file or schema <c>schedule</c>.</summary>
public sealed class ScheduleDatabase(DatabaseOptions database, string path) : RawStoreDatabase<ScheduleDbContext>(database,
    new SqlStoreSettings(path, PostgresScheduleDbContext.Schema, "schedule database", "Persistence:DatabasePath"), "schedule_state", """
        CREATE TABLE IF NOT EXISTS schedule_state (definition_id TEXT PRIMARY KEY, paused INTEGER NOT NULL DEFAULT 0,
            last_fired_at TEXT, last_instance_id TEXT, last_outcome TEXT);
        """)
{
    /// <inheritdoc />
    protected override ScheduleDbContext CreateContext(DbContextOptions options, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? new PostgresScheduleDbContext(options) : new ScheduleDbContext((DbContextOptions<ScheduleDbContext>)options);
}
