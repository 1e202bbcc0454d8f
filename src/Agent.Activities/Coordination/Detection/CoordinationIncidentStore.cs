using System.Text.Json;
using Agent.Activities.Coordination.Messaging;
using System.Data.Common;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// The <c>incidents</c> table of coordination.db. An incident and its action (the pause flag, the spawn stop) are stored
/// in one transaction, keyed by the finding's fingerprint, so the same evidence is stored once and a crash leaves either
/// both or neither; <c>published_at</c> marks the incidents whose safety event went out.
/// </summary>
public sealed class CoordinationIncidentStore(CoordinationDatabase database)
{
    private const string Columns = "id, detector, agents, summary, evidence, action, at, fingerprint, published_at";

    /// <summary>Stores <paramref name="finding"/> and takes its action; null when its fingerprint is already stored (nothing changes then).</summary>
    public async Task<CoordinationIncident?> RaiseAsync(DetectionFinding finding, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var incident = new CoordinationIncident(Guid.NewGuid().ToString("N"), finding.Detector, finding.Agents, finding.Summary,
            finding.Evidence.ToJsonString(), finding.Action, at, finding.Fingerprint, null);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using (var insert = Command(connection, transaction, $"""
            INSERT INTO incidents ({Columns}) VALUES (@id, @detector, @agents, @summary, @evidence, @action, @at, @fingerprint, NULL)
            ON CONFLICT DO NOTHING
            """, ("@id", incident.Id), ("@detector", incident.Detector), ("@agents", JsonSerializer.Serialize(incident.Agents)), ("@summary", incident.Summary),
            ("@evidence", incident.Evidence), ("@action", incident.Action), ("@at", Time(at)), ("@fingerprint", incident.Fingerprint)))
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0) return null;
        var reason = $"incident {incident.Id} ({incident.Detector}): {incident.Summary}";
        await CoordinationControl.SetAsync(connection, transaction, CoordinationControl.Paused, reason, "detection", at, cancellationToken);
        if (incident.Action == IncidentActions.PauseAndStopSpawns)
            await CoordinationControl.SetAsync(connection, transaction, CoordinationControl.SpawnsStopped, reason, "detection", at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return incident;
    }

    /// <summary>The incidents whose safety event has not gone out yet, oldest first.</summary>
    public Task<IReadOnlyList<CoordinationIncident>> UnpublishedAsync(CancellationToken cancellationToken) =>
        QueryAsync("WHERE published_at IS NULL ORDER BY at, id", cancellationToken);

    /// <summary>Marks <paramref name="id"/>'s safety event as sent.</summary>
    public async Task MarkPublishedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = Command(connection, "UPDATE incidents SET published_at = @at WHERE id = @id AND published_at IS NULL", ("@id", id), ("@at", Time(at)));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The latest incidents (of <paramref name="detector"/> when given), newest first.</summary>
    public Task<IReadOnlyList<CoordinationIncident>> ListAsync(string? detector, int take, CancellationToken cancellationToken) =>
        QueryAsync("WHERE (CAST(@detector AS TEXT) IS NULL OR detector = @detector) ORDER BY at DESC, id LIMIT @take", cancellationToken, ("@detector", detector), ("@take", take));

    private async Task<IReadOnlyList<CoordinationIncident>> QueryAsync(string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {Columns} FROM incidents {where}", parameters);
        var list = new List<CoordinationIncident>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(Read(reader));
        return list;
    }

    private static CoordinationIncident Read(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [], reader.GetString(3), reader.GetString(4),
        reader.GetString(5), ReadTime(reader, 6)!.Value, reader.GetString(7), ReadTime(reader, 8));
}
