using Agent.Activities.Gaps;
using Agent.Activities.Safety.Scanning;
using Agent.Activities.SelfModification;

namespace Agent.Activities.Validation;

/// <summary>The verdict on a change: the gates with the score and the gap's closure, the risk, the diff they were read
/// from, and — when before and after do not compare — why the change could not be measured.</summary>
public sealed record ChangeVerdict(ValidationResult Gates, RiskAssessment Risk, WorktreeDiff Diff, string? Unmeasurable = null)
{
    /// <summary>What the security scan found (null when no <see cref="SecurityGate"/> is registered).</summary>
    public SecurityScan? Security { get; init; }

    /// <summary>The verdict as the report later steps read (without the measurements, which the caller adds).</summary>
    public ValidationReport ToReport() => new()
    {
        Passed = Unmeasurable is null && Gates.Passed, Unmeasurable = Unmeasurable,
        ImprovementScore = Gates.ImprovementScore, GapClosed = Gates.GapClosure.Closed, GapEvidence = Gates.GapClosure.Evidence,
        Failures = Gates.Failures, Gates = Gates.Gates, Risk = new RiskView(Risk.NeedsApproval, Risk.Level, Risk.Reasons),
        DiffStat = Diff.Stat, DiffSummary = Diff.Summary, LinesChanged = Diff.LinesChanged,
        Security = Security is null ? null : SecurityView.From(Security),
    };
}

/// <summary>
/// Judges a task's change: reads the worktree's diff; an empty diff is rejected, a change whose measurements do not
/// compare is reported unmeasurable (<see cref="ChangeMeasurability"/>), and anything else goes through the hard gates
/// (with the gap's closure and the score) and the risk assessment. Used by <see cref="CheckGates"/> (measurements given)
/// and <see cref="Validate"/> (measures the worktree itself). With a <see cref="SecurityGate"/> registered
/// (<c>AddSecurityScanning</c>) the change is also scanned: its findings add the <c>security</c> gate and risk reasons.
/// </summary>
public sealed class ChangeValidation(WorktreeDiffReader diffs, ValidationGates gates, ChangeMeasurability measurability, RiskAssessor risk, SecurityGate? security = null)
{
    /// <summary>The verdict on the change in <paramref name="worktree"/>, made for <paramref name="gap"/>.</summary>
    public async Task<ChangeVerdict> CheckAsync(TaskWorktree worktree, Gap gap, Measurement before, Measurement after, CancellationToken cancellationToken)
    {
        var diff = await diffs.ReadAsync(worktree, cancellationToken).ConfigureAwait(false);
        var verdict = gates.Evaluate(gap, before, after, diff);
        var unmeasurable = diff.IsEmpty ? null : measurability.WhyNotMeasurable(gap, before, after, diff);
        var assessed = risk.Assess(diff, worktree.TargetRepository);
        if (security is null) return new ChangeVerdict(verdict, assessed, diff, unmeasurable);
        var scan = await security.ScanAsync(worktree.Path, diff, before, after, cancellationToken).ConfigureAwait(false);
        var withSecurity = new ValidationResult([.. verdict.Gates, new GateResult(GateNames.Security, scan.GateFailures.Count == 0, scan.GateFailures)], verdict.ImprovementScore)
        {
            GapClosure = verdict.GapClosure,
        };
        return new ChangeVerdict(withSecurity, new RiskAssessment([.. assessed.Reasons, .. scan.RiskReasons]), diff, unmeasurable) { Security = scan };
    }
}
