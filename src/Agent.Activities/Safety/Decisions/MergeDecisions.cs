using Agent.Activities.Gaps;
using Agent.Activities.Guards;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Decisions;

/// <summary>
/// The decision before a change is merged, made by Validate once every gate passed: a <c>merge</c> record (or
/// <c>self-modify</c> for the agent's own repository) checked against every principle, with the cycle's spend so far.
/// Also stores the target's Security Score from the change's scan. Deny rejects the change; escalate requires the
/// approval.
/// </summary>
public sealed class MergeDecisions(DecisionMaker maker, DecisionStore store, IOptions<ValidationOptions> validation, TimeProvider clock, CycleGuard? guard = null)
{
    /// <summary>Decides whether the change in <paramref name="worktree"/> (judged <paramref name="verdict"/>) may be merged.</summary>
    public async Task<DecisionRecord> DecideAsync(string cycleId, TaskWorktree worktree, Gap gap, ChangeVerdict verdict,
        IReadOnlyDictionary<string, double> metricsBefore, IReadOnlyDictionary<string, double> metricsAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worktree);
        ArgumentNullException.ThrowIfNull(gap);
        ArgumentNullException.ThrowIfNull(verdict);
        var spent = guard is null ? null : await guard.SpentAsync(cycleId, cancellationToken).ConfigureAwait(false);
        var subject = new DecisionSubject
        {
            Kind = IsAgentRepository(worktree.TargetRepository) ? DecisionKinds.SelfModify : DecisionKinds.Merge,
            CycleId = cycleId,
            Subject = $"{gap.Key} ({worktree.Branch} → {worktree.TargetBranch})",
            TargetRepository = worktree.TargetRepository,
            WorktreePath = worktree.Path,
            Diff = verdict.Diff,
            Gap = gap,
            MetricsBefore = metricsBefore,
            MetricsAfter = metricsAfter,
            Security = verdict.Security,
            SpentUsd = spent?.Usd,
        };
        if (verdict.Security is { } scan)
        {
            var score = scan.Score;
            await store.SaveScoreAsync(cycleId, worktree.TargetRepository, clock.GetUtcNow(), score.Score, score.Partial, [.. score.Deductions, .. score.Notes.Select(n => "note: " + n)], cancellationToken).ConfigureAwait(false);
        }
        return await maker.DecideAsync(subject, cancellationToken).ConfigureAwait(false);
    }

    private bool IsAgentRepository(string target) =>
        validation.Value.AgentRepository is { Length: > 0 } agent
        && string.Equals(Path.GetFullPath(agent).TrimEnd('/'), Path.GetFullPath(target).TrimEnd('/'), StringComparison.Ordinal);
}
