using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// Emergent-behaviour detection (configuration section <c>Coordination:Detection</c>): how often the sweep runs and
/// each detector's threshold. Validated on start; every key that is wrong is named by its configuration path.
/// </summary>
public sealed class DetectionOptions
{
    /// <summary>The section, under <c>Coordination</c>.</summary>
    public const string SectionName = "Detection";

    /// <summary>Whether <c>agent serve</c> runs the sweep on its own; the activity runs it regardless.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often <c>agent serve</c> runs every detector.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "must be from 00:00:01 to 1.00:00:00; a zero interval would spin")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest one git command of a detector may run.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "must be from 00:00:01 to 00:10:00")]
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Agents reverting each other.</summary>
    public OscillationOptions Oscillation { get; set; } = new();
    /// <summary>Two agents editing the same files for different tasks.</summary>
    public DuplicateWorkOptions DuplicateWork { get; set; } = new();
    /// <summary>Agents spawned too fast or too deep.</summary>
    public SpawningOptions Spawning { get; set; } = new();
    /// <summary>Spend per minute far above its baseline.</summary>
    public CostSpikeOptions CostSpike { get; set; } = new();
    /// <summary>The same message bouncing, or the same failure everywhere.</summary>
    public EchoLoopOptions EchoLoop { get; set; } = new();
    /// <summary>Agents waiting on each other in a cycle.</summary>
    public DeadlockOptions Deadlock { get; set; } = new();
}

/// <summary>
/// Checks the annotations of each detector's settings (the annotated validator checks only the top level), naming
/// every wrong key by its path, e.g. <c>Coordination:Detection:Oscillation:MinFlips</c>.
/// </summary>
/// <param name="section">The configuration path of <see cref="DetectionOptions"/>.</param>
public sealed class DetectionOptionsValidator(string section) : IValidateOptions<DetectionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DetectionOptions options)
    {
        (string Name, object? Settings)[] nested =
        [
            ("Oscillation", options.Oscillation), ("DuplicateWork", options.DuplicateWork), ("Spawning", options.Spawning),
            ("CostSpike", options.CostSpike), ("EchoLoop", options.EchoLoop), ("Deadlock", options.Deadlock),
        ];
        var failures = new List<string>();
        foreach (var (key, settings) in nested)
        {
            if (settings is null) { failures.Add($"{section}:{key}: is empty; give its settings or remove the key"); continue; }
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
            failures.AddRange(results.Select(r => $"{section}:{key}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary><c>Coordination:Detection:Oscillation</c>: the same hunk applied and undone across agents' commits.</summary>
public sealed class OscillationOptions
{
    /// <summary>Raise an incident when one hunk flips (is undone or re-applied) this many times.</summary>
    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000 flips")]
    public int MinFlips { get; set; } = 2;

    /// <summary>How many of each worktree's latest commits are read.</summary>
    [Range(1, 10_000, ErrorMessage = "must be from 1 to 10000 commits")]
    public int MaxCommits { get; set; } = 200;
}

/// <summary><c>Coordination:Detection:DuplicateWork</c>: agents on different tasks changing the same files.</summary>
public sealed class DuplicateWorkOptions
{
    /// <summary>Raise an incident when two agents on different tasks both changed at least this many of the same files.</summary>
    [Range(1, 10_000, ErrorMessage = "must be from 1 to 10000 files")]
    public int MinSharedFiles { get; set; } = 1;
}

/// <summary><c>Coordination:Detection:Spawning</c>: agents registered too fast, or parent chains too deep.</summary>
public sealed class SpawningOptions
{
    /// <summary>Raise an incident when more than this many agents were registered within the last minute.</summary>
    [Range(1, 10_000, ErrorMessage = "must be from 1 to 10000 agents per minute")]
    public int MaxPerMinute { get; set; } = 10;

    /// <summary>Raise an incident when an agent's parent chain is deeper than this (a top-level agent has depth 0).</summary>
    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000")]
    public int MaxDepth { get; set; } = 3;
}

/// <summary><c>Coordination:Detection:CostSpike</c>: spend in the last minute against the rolling per-minute baseline.</summary>
public sealed class CostSpikeOptions
{
    /// <summary>Raise an incident when the last minute's tokens (or USD) are at least this multiple of the baseline's per-minute mean.</summary>
    [Range(1.0, 10_000.0, ErrorMessage = "must be from 1 to 10000 (a multiple of the baseline)")]
    public double Multiple { get; set; } = 5;

    /// <summary>The rolling baseline: the minutes before the last one.</summary>
    [Range(typeof(TimeSpan), "00:02:00", "7.00:00:00", ErrorMessage = "must be from 00:02:00 to 7.00:00:00")]
    public TimeSpan Baseline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Below this many tokens in the last minute nothing is a spike (a quiet baseline makes any run look like one).</summary>
    [Range(0, long.MaxValue, ErrorMessage = "must be 0 or more tokens")]
    public long MinTokensPerMinute { get; set; } = 50_000;

    /// <summary>Below this many US dollars in the last minute nothing is a spike.</summary>
    [Range(0.0, 1_000_000.0, ErrorMessage = "must be from 0 to 1000000 USD")]
    public double MinUsdPerMinute { get; set; } = 1;
}

/// <summary><c>Coordination:Detection:EchoLoop</c>: repeated messages between the same agents, repeated failures across agents.</summary>
public sealed class EchoLoopOptions
{
    /// <summary>Raise an incident when one message (type + normalized payload) passed between the same two agents this many times in the window.</summary>
    [Range(2, 10_000, ErrorMessage = "must be from 2 to 10000 messages")]
    public int MinRepeats { get; set; } = 4;

    /// <summary>Raise an incident when this many agents reported the same failure (normalized) in the window.</summary>
    [Range(2, 10_000, ErrorMessage = "must be from 2 to 10000 agents")]
    public int MinFailingAgents { get; set; } = 3;

    /// <summary>How far back messages are read.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "must be from 00:00:10 to 1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Message types never counted as echoes; <c>heartbeat</c> when not set (heartbeats repeat by design).</summary>
    // No default list here: the configuration binder appends to a list it finds, so a default could never be removed.
    public List<string>? IgnoredTypes { get; set; }

    /// <summary>The ignored types in effect.</summary>
    public IReadOnlyList<string> EffectiveIgnoredTypes => IgnoredTypes is { Count: > 0 } types ? types : ["heartbeat"];
}

/// <summary><c>Coordination:Detection:Deadlock</c>: the wait-for graph of waiting agents and their unanswered questions.</summary>
public sealed class DeadlockOptions
{
    /// <summary>Raise an incident for any wait cycle, not only one covering every live agent.</summary>
    public bool AnyCycle { get; set; }
}
