using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Agent.Activities.SelfModification;
using Agent.Workflows.Execution;

namespace Agent.Activities.Validation;

/// <summary>
/// Audits a change the security gate refused for what it would bring in (a secret, a vulnerable dependency): the gate
/// denied a merge, so it is a <see cref="SafetyEventKinds.PolicyDenied"/> event, not only a line of the report.
/// </summary>
internal static class SecurityRejection
{
    /// <summary>
    /// Publishes the security failures among <paramref name="failures"/>, if any. Keyed by instance and task, so a step
    /// re-run after a crash publishes once.
    /// </summary>
    public static async Task PublishAsync(ActivityExecutionContext context, TaskWorktree worktree, Gaps.Gap gap, IEnumerable<string> failures)
    {
        var refused = failures.Where(f => f.StartsWith("security:", StringComparison.Ordinal)).ToList();
        if (refused.Count == 0) return;
        await context.GetService<ISafetyEventSink>().PublishOnceAsync($"security:{context.InstanceId}:{worktree.TaskId}", SafetyEventKinds.PolicyDenied, "agent",
            $"The security gate refused the change for '{gap.Key}' in {worktree.TargetRepository}: {string.Join("; ", refused)}",
            new Dictionary<string, string>
            {
                ["gate"] = "security", ["target"] = worktree.TargetRepository, ["task"] = worktree.TaskId, ["gap"] = gap.Key,
                ["cycle"] = context.InstanceId, ["instance"] = context.InstanceId, ["reasons"] = string.Join("; ", refused),
            }, context.Now, context.CancellationToken);
    }
}
