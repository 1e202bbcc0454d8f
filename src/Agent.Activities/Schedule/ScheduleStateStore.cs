using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Schedule;

/// <summary>What is kept per scheduled definition across restarts: paused or not, and the last fire.</summary>
public sealed record ScheduleState(string DefinitionId, bool Paused, DateTimeOffset? LastFiredAt, string? LastInstanceId, string? LastOutcome);

/// <summary>
/// The schedule's own state in the <c>schedule_state</c> table of a SQLite file. What is scheduled is not stored: it is
/// rebuilt from the published definitions on every start (see <see cref="QuartzScheduleSync"/>), so the two cannot drift;
/// only what the definitions do not say — pauses and the last fire, for the misfire policy — lives here.
/// </summary>
public sealed class ScheduleStateStore
{
    private const string Schema = """
                    CREATE TABLE IF NOT EXISTS schedule_state (definition_id TEXT PRIMARY KEY, paused INTEGER NOT NULL DEFAULT 0,
                        last_fired_at TEXT, last_instance_id TEXT, last_outcome TEXT);
        """;

    private readonly SqliteSchemaFile _file;

    /// <summary>Uses the SQLite file at <paramref name="path"/>.</summary>
    public ScheduleStateStore(string path)
    {
        _file = new SqliteSchemaFile(path, Schema);
    }

    /// <summary>Every stored state.</summary>
    public async Task<IReadOnlyDictionary<string, ScheduleState>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT definition_id, paused, last_fired_at, last_instance_id, last_outcome FROM schedule_state";
        var states = new Dictionary<string, ScheduleState>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = new ScheduleState(reader.GetString(0), reader.GetInt64(1) != 0,
                reader.IsDBNull(2) ? null : DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
            states[state.DefinitionId] = state;
        }
        return states;
    }

    /// <summary>Pauses or resumes a definition's schedule.</summary>
    public Task SetPausedAsync(string definitionId, bool paused, CancellationToken cancellationToken = default) => ExecuteAsync("""
        INSERT INTO schedule_state (definition_id, paused) VALUES ($id, $paused)
        ON CONFLICT (definition_id) DO UPDATE SET paused = $paused
        """, cancellationToken, ("$id", definitionId), ("$paused", paused ? 1 : 0));

    /// <summary>Records a fire: when, the instance it started (if any) and how it went.</summary>
    public Task RecordFireAsync(string definitionId, DateTimeOffset at, string? instanceId, string outcome, CancellationToken cancellationToken = default) => ExecuteAsync("""
        INSERT INTO schedule_state (definition_id, paused, last_fired_at, last_instance_id, last_outcome) VALUES ($id, 0, $at, $instance, $outcome)
        ON CONFLICT (definition_id) DO UPDATE SET last_fired_at = $at, last_instance_id = $instance, last_outcome = $outcome
        """, cancellationToken, ("$id", definitionId), ("$at", at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("$instance", instanceId), ("$outcome", outcome));

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);
}
