using System.Text.Json;
using Agent.Activities.Claude;
using Agent.Activities.Schedule;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Guards;

/// <summary>Who stopped everything, when and why.</summary>
public sealed record StopState(DateTimeOffset At, string By, string? Reason);

/// <summary>
/// The emergency stop's state. It is a file (<see cref="GuardOptions.StopFile"/>), so it survives restarts, every process
/// sees it, and an operator can also stop the agent by creating the file by hand (any content). While it exists, new
/// Claude runs, new cycles and scheduled fires are refused. <see cref="EmergencyStopEnforcer"/> kills what already runs.
/// </summary>
public sealed class EmergencyStop(IOptions<GuardOptions> options, TimeProvider clock) : IClaudeRunGuard, IScheduledRunGuard
{
    private readonly string _file = options.Value.StopFile;

    /// <summary>The stop file's path.</summary>
    public string FilePath => _file;

    /// <summary>The stop's state, or null when the agent is not stopped.</summary>
    public StopState? Status()
    {
        if (!File.Exists(_file)) return null;
        try { return JsonSerializer.Deserialize<StopState>(File.ReadAllText(_file)) ?? Unknown(); }
        catch (Exception e) when (e is JsonException or IOException) { return Unknown(); }
    }

    /// <summary>Sets the stop (keeping the first setter when it is already set) and returns its state.</summary>
    public async Task<StopState> SetAsync(string by, string? reason, CancellationToken cancellationToken = default)
    {
        if (Status() is { } existing) return existing;
        var state = new StopState(clock.GetUtcNow(), string.IsNullOrWhiteSpace(by) ? "unknown" : by.Trim(), string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        var temp = _file + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(state), cancellationToken);
        File.Move(temp, _file, overwrite: true); // readers see the whole file or none
        return state;
    }

    /// <summary>Clears the stop; returns whether it was set.</summary>
    public bool Clear()
    {
        if (!File.Exists(_file)) return false;
        File.Delete(_file);
        return true;
    }

    /// <inheritdoc />
    public string? Refusal() => Status() is { } s
        ? $"The emergency stop is active (set by {s.By} at {s.At:u}{(s.Reason is { Length: > 0 } r ? $": {r}" : "")}); clear it with 'agent stop --clear' or DELETE /api/stop."
        : null;

    /// <inheritdoc />
    public Task<string?> RefusalAsync(string definitionId, CancellationToken cancellationToken) => Task.FromResult(Refusal());

    private StopState Unknown() => new(File.GetLastWriteTimeUtc(_file), "stop file", null);
}
