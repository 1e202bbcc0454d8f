using Agent.Activities.SelfModification;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Policy;

/// <summary>
/// Asks the policy about keeping a validated change: the <c>merge</c> action (with the risk assessment as a 0–1 score) and,
/// when the target is the agent's own repository (<see cref="ValidationOptions.AgentRepository"/>), <c>self.modify</c>.
/// The strictest answer wins; a denial is published as <c>policy.denied</c>.
/// </summary>
public sealed class MergePolicyCheck(PolicyGate gate, IOptions<ValidationOptions> validation, TimeProvider clock)
{
    /// <summary>Decides whether the change in <paramref name="worktree"/> may be merged.</summary>
    /// <param name="worktree">The task's worktree.</param>
    /// <param name="taskType">The gap's task type.</param>
    /// <param name="riskReasons">The risk assessment's reasons (the score is <see cref="PolicyGate.RiskScore"/> of their count).</param>
    /// <param name="cycleId">The cycle, for the denial event.</param>
    /// <param name="cancellationToken">Cancels loading the policy.</param>
    /// <exception cref="PolicyFileException">The target's policy became malformed during the cycle.</exception>
    public async Task<PolicyDecision> CheckAsync(TaskWorktree worktree, string taskType, IReadOnlyList<string> riskReasons, string? cycleId, CancellationToken cancellationToken)
    {
        var context = new PolicyContext(clock.GetUtcNow(), worktree.Path, worktree.TargetRepository, TaskType: taskType, ProtectedPaths: validation.Value.ProtectedPaths);
        var data = new Dictionary<string, string> { ["task"] = worktree.TaskId, ["branch"] = worktree.Branch };
        if (cycleId is not null) data["cycle"] = cycleId;
        var risk = PolicyGate.RiskScore(riskReasons.Count);
        var decision = await gate.DecideAsync(new PolicyAction(PolicyActionClasses.Merge, Risk: risk), context, worktree.TargetRepository, "agent", data, cancellationToken).ConfigureAwait(false);
        if (!IsAgentRepository(worktree.TargetRepository)) return decision;
        var self = await gate.DecideAsync(new PolicyAction(PolicyActionClasses.SelfModify, Path: worktree.TargetRepository, Risk: risk), context, worktree.TargetRepository, "agent", data, cancellationToken).ConfigureAwait(false);
        return PolicyEffects.Severity(self.Effect) > PolicyEffects.Severity(decision.Effect) ? self : decision;
    }

    private bool IsAgentRepository(string target) =>
        validation.Value.AgentRepository is { Length: > 0 } agent
        && string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(agent)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(target)), StringComparison.Ordinal);
}
