using Agent.Activities.SelfModification;

namespace Agent.Activities.Validation;

/// <summary>The verdict on a change: the gates with the score, the risk, and the diff they were read from.</summary>
public sealed record ChangeVerdict(ValidationResult Gates, RiskAssessment Risk, WorktreeDiff Diff)
{
    /// <summary>The plain object activities output: passed, improvementScore, failures, gates, risk, diffStat, diffSummary, linesChanged.</summary>
    public Dictionary<string, object?> ToPlain() => new()
    {
        ["passed"] = Gates.Passed, ["improvementScore"] = Gates.ImprovementScore, ["failures"] = Gates.Failures,
        ["gates"] = Gates.Gates.Select(g => new { gate = g.Gate, passed = g.Passed, reasons = g.Reasons }).ToList(),
        ["risk"] = new { needsApproval = Risk.NeedsApproval, level = Risk.Level, reasons = Risk.Reasons },
        ["diffStat"] = Diff.Stat, ["diffSummary"] = Diff.Summary, ["linesChanged"] = Diff.LinesChanged,
    };
}

/// <summary>
/// Judges a task's change: reads the worktree's diff, checks the hard gates and the score against the measurements
/// before and after, and assesses the risk. Used by <see cref="CheckGates"/> (measurements given) and
/// <see cref="Validate"/> (measures the worktree itself).
/// </summary>
public sealed class ChangeValidation(WorktreeDiffReader diffs, ValidationGates gates, RiskAssessor risk)
{
    /// <summary>The verdict on the change in <paramref name="worktree"/>.</summary>
    public async Task<ChangeVerdict> CheckAsync(TaskWorktree worktree, Measurement before, Measurement after, CancellationToken cancellationToken)
    {
        var diff = await diffs.ReadAsync(worktree, cancellationToken).ConfigureAwait(false);
        return new ChangeVerdict(gates.Evaluate(before, after, diff), risk.Assess(diff, worktree.TargetRepository), diff);
    }
}
