using Agent.Activities.Gaps;
using Agent.Activities.Safety.Scanning;
using Agent.Activities.SelfModification;

namespace Agent.Activities.Safety.Decisions;

/// <summary>
/// What a decision is about, with everything the principle checkers read. Fields a kind of decision does not have are
/// null (an integration has no gap; a spend decision has no diff); a checker that needs a missing field answers "unknown"
/// only when the missing data matters for that kind, and otherwise passes saying it does not apply.
/// </summary>
public sealed record DecisionSubject
{
    /// <summary>One of <see cref="DecisionKinds"/>.</summary>
    public required string Kind { get; init; }
    /// <summary>The cycle's workflow instance id.</summary>
    public required string CycleId { get; init; }
    /// <summary>What is decided about, in one line.</summary>
    public required string Subject { get; init; }
    /// <summary>The target repository.</summary>
    public required string TargetRepository { get; init; }
    /// <summary>The task's worktree folder, when there is one.</summary>
    public string? WorktreePath { get; init; }
    /// <summary>The change, when there is one.</summary>
    public WorktreeDiff? Diff { get; init; }
    /// <summary>The gap the change was made for.</summary>
    public Gap? Gap { get; init; }
    /// <summary>Metrics before the change, by name.</summary>
    public IReadOnlyDictionary<string, double>? MetricsBefore { get; init; }
    /// <summary>Metrics after the change, by name.</summary>
    public IReadOnlyDictionary<string, double>? MetricsAfter { get; init; }
    /// <summary>The security scan of the change, when it was scanned.</summary>
    public SecurityScan? Security { get; init; }
    /// <summary>US dollars the cycle spent so far, when known.</summary>
    public decimal? SpentUsd { get; init; }
}
