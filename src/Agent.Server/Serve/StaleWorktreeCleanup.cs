using Agent.Activities.Cycle;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Agent.Server.Serve;

/// <summary>
/// On server start removes the task worktrees and branches a crash left in the configured targets
/// (<c>Cycle:TargetRepository</c>, <c>Validation:AgentRepository</c>), keeping those of instances still running
/// (including those <see cref="InterruptedInstanceRecovery"/> continues) or waiting (their task id is the instance id).
/// </summary>
public sealed partial class StaleWorktreeCleanup(
    TaskWorktrees worktrees, IWorkflowInstanceStore instances, IOptions<CycleOptions> cycle, IOptions<ValidationOptions> validation,
    ILogger<StaleWorktreeCleanup> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var targets = new[] { cycle.Value.TargetRepository, validation.Value.AgentRepository }
            .Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => Path.GetFullPath(t!)).Distinct(StringComparer.Ordinal).ToList();
        if (targets.Count == 0) return;
        var keep = new List<string>();
        foreach (var status in new[] { WorkflowStatus.Running, WorkflowStatus.Suspended })
            keep.AddRange((await instances.ListAsync(new InstanceQuery(Status: status, Take: 10_000), cancellationToken)).Select(i => i.Id));
        foreach (var target in targets)
        {
            try
            {
                var removed = await worktrees.CleanupStaleAsync(target, keep, cancellationToken);
                if (removed.Count > 0) LogRemoved(removed.Count, target);
            }
            catch (SelfModificationException e)
            {
                // A misconfigured target must not keep the server down; the cycle reports it when it runs.
                LogFailed(target, e.Message);
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} stale task worktree(s) of {Target}")]
    private partial void LogRemoved(int count, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not clean the task worktrees of {Target}: {Reason}")]
    private partial void LogFailed(string target, string reason);
}
