using Agent.Activities.Coordination.Messaging;
using System.Data.Common;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Detection;

/// <summary>A coordination-wide switch that is on: why, since when, and who set it.</summary>
public sealed record ControlFlag(string Name, string Reason, DateTimeOffset SetAt, string SetBy);

/// <summary>
/// The coordination's brakes, persisted in coordination.db so every process and restart sees them: <b>paused</b>
/// (the coordinating workflow hands out no new work) and <b>spawns stopped</b> (no new agent may be spawned). Spawning
/// and the coordinating workflow check them; detection and people (<c>agent agents pause|resume</c>) set them.
/// </summary>
public interface ICoordinationControl
{
    /// <summary>Whether the coordination is paused.</summary>
    Task<bool> IsPausedAsync(CancellationToken cancellationToken = default);
    /// <summary>Pauses the coordination with <paramref name="reason"/>; a pause already set keeps its first reason.</summary>
    Task PauseAsync(string reason, CancellationToken cancellationToken = default);
    /// <summary>Lifts the pause and the spawn stop.</summary>
    Task ResumeAsync(CancellationToken cancellationToken = default);
    /// <summary>Whether spawning new agents is stopped.</summary>
    Task<bool> AreSpawnsStoppedAsync(CancellationToken cancellationToken = default);
    /// <summary>Stops spawning new agents with <paramref name="reason"/>.</summary>
    Task StopSpawnsAsync(string reason, CancellationToken cancellationToken = default);
}

/// <summary>The <see cref="ICoordinationControl"/> on the <c>coordination_control</c> table.</summary>
public sealed class CoordinationControl(CoordinationDatabase database, TimeProvider clock) : ICoordinationControl
{
    /// <summary>The pause flag's name.</summary>
    public const string Paused = "paused";
    /// <summary>The spawn-stop flag's name.</summary>
    public const string SpawnsStopped = "spawns_stopped";

    // Who set a flag through the interface (a workflow, spawning code); the CLI and detection name themselves.
    private const string ApiActor = "api";

    /// <inheritdoc />
    public async Task<bool> IsPausedAsync(CancellationToken cancellationToken = default) => await FindAsync(Paused, cancellationToken) is not null;

    /// <inheritdoc />
    public async Task<bool> AreSpawnsStoppedAsync(CancellationToken cancellationToken = default) => await FindAsync(SpawnsStopped, cancellationToken) is not null;

    /// <inheritdoc />
    public Task PauseAsync(string reason, CancellationToken cancellationToken = default) => SetAsync(Paused, reason, ApiActor, cancellationToken);

    /// <inheritdoc />
    public Task StopSpawnsAsync(string reason, CancellationToken cancellationToken = default) => SetAsync(SpawnsStopped, reason, ApiActor, cancellationToken);

    /// <summary>Sets <paramref name="name"/> with <paramref name="reason"/> as <paramref name="setBy"/>; a flag already set keeps its first reason.</summary>
    public async Task SetAsync(string name, string reason, string setBy, CancellationToken cancellationToken = default)
    {
        CheckReason(reason);
        await using var connection = await database.OpenAsync(cancellationToken);
        await SetAsync(connection, null, name, reason, setBy, clock.GetUtcNow(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = Command(connection, "DELETE FROM coordination_control WHERE name IN (@paused, @spawns)", ("@paused", Paused), ("@spawns", SpawnsStopped));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every switch that is on.</summary>
    public async Task<IReadOnlyList<ControlFlag>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT name, reason, set_at, set_by FROM coordination_control ORDER BY name");
        var flags = new List<ControlFlag>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) flags.Add(new ControlFlag(reader.GetString(0), reader.GetString(1), ReadTime(reader, 2)!.Value, reader.GetString(3)));
        return flags;
    }

    /// <summary>Inside a caller's transaction (an incident and its action commit together): sets the flag unless it is set.</summary>
    internal static async Task SetAsync(DbConnection connection, DbTransaction? transaction, string name, string reason, string setBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction, "INSERT INTO coordination_control (name, reason, set_at, set_by) VALUES (@name, @reason, @at, @by) ON CONFLICT (name) DO NOTHING",
            ("@name", name), ("@reason", reason.Trim()), ("@at", Time(at)), ("@by", setBy));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<ControlFlag?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(f => f.Name == name);

    private static void CheckReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new DetectionException("A pause or spawn stop needs a reason (what went wrong), so whoever resumes knows why it stopped; give one.");
    }
}
