namespace Agent.Activities.SelfModification;

/// <summary>Creates (or finds, when repeated) the worktree a task runs in: its own branch, forked from the target branch's tip.</summary>
[Activity("Agent", "Self-modification", "Creates a fresh git worktree on its own branch for a task.", DisplayName = "Create Worktree")]
public sealed class CreateWorktree : IActivity
{
    /// <summary>The repository to change.</summary>
    [Input(Description = "The target repository (a git repository with at least one commit).", Order = 0)]
    public Input<string> TargetRepository { get; set; } = null!;

    /// <summary>The task's id.</summary>
    [Input(Description = "The task's id: it ends the branch name and becomes the commit's Agent-Task trailer.", Order = 1)]
    public Input<string> TaskId { get; set; } = null!;

    /// <summary>The gap the task closes.</summary>
    [Input(Description = "The gap the task closes; its slug names the branch (agent/<gap-slug>-<short-id>).", Order = 2)]
    public Input<string> Gap { get; set; } = null!;

    /// <summary>The worktree.</summary>
    [Output(Description = "taskId, targetRepository, path, branch, targetBranch, baseCommit.")]
    public Output<object> Worktree { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var taskId = context.Get(TaskId);
        if (string.IsNullOrWhiteSpace(taskId)) throw new WorkflowFaultException($"{context.ActivityId}: taskId is empty; give each task an id (e.g. a GUID).");
        try
        {
            var worktree = await context.GetRequiredService<TaskWorktrees>().CreateAsync(context.Get(TargetRepository) ?? "", taskId, context.Get(Gap) ?? "task", context.CancellationToken);
            context.Set<object>(Worktree, worktree);
        }
        catch (Exception e) when (e is NotAGitRepositoryException or SelfModificationException)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", "self-modification");
        }
    }
}
