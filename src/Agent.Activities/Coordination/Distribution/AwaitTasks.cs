using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>
/// Waits until every task in a list is finished (done, parked or cancelled), or until the timeout, and outputs the
/// tasks as they stand. The wait is a bookmark named <see cref="BookmarkName"/> carrying the task ids and expiring at
/// the timeout (resumed with <c>{"expired": true}</c> then, like HumanApproval's expiry); <see cref="TaskWaitDispatcher"/>
/// resumes it when the last task finishes. Exactly once: the engine lets one resume of the bookmark win, and the output
/// is read from the task queue when it runs, so a re-run after a crash outputs the same finished tasks.
/// </summary>
/// <remarks>A manual resume (<c>agent resume</c>) stops the wait: the tasks are output as they stand and <see cref="AllFinished"/> says whether they were.</remarks>
[Activity("Agent", "Coordination", "Waits until every task is done, parked or cancelled (or the timeout passes) and outputs the tasks.", DisplayName = "Await Tasks")]
public sealed class AwaitTasks : IResumableActivity
{
    /// <summary>The name of the bookmarks this activity waits on.</summary>
    public const string BookmarkName = "Agent.AwaitTasks";

    private const string TasksKey = "taskIds";

    /// <summary>The tasks.</summary>
    [Input(Description = "The ids of the tasks to wait for (EnqueueTasks' taskIds).", Order = 0)]
    public Input<List<string>> TaskIds { get; set; } = null!;

    /// <summary>How long to wait.</summary>
    [Input(Description = "How long to wait before giving up on unfinished tasks (e.g. 00:30:00).", DefaultValue = "00:30:00", Order = 1)]
    public Input<TimeSpan> Timeout { get; set; } = null!;

    /// <summary>The tasks as they stand when the wait ended.</summary>
    [Output(Description = "The tasks (id, status, leaseOwner, result, reason…) in the order given.")]
    public Output<List<WorkTask>> Tasks { get; set; } = null!;

    /// <summary>Whether every task finished (false after a timeout with tasks still open).</summary>
    [Output(Description = "True when every task is done, parked or cancelled; false when the timeout ended the wait first.")]
    public Output<bool> AllFinished { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var ids = ReadIds(context);
        var timeout = context.Get(Timeout);
        if (timeout <= TimeSpan.Zero) throw new WorkflowFaultException($"{context.NodePath}: timeout must be positive, e.g. 00:30:00; it is {timeout}.");
        var tasks = await LoadAsync(context, ids);
        if (tasks.All(IsFinished))
        {
            Finish(context, tasks);
            return;
        }
        context.CreateBookmark(BookmarkName, new() { [TasksKey] = string.Join('\n', ids) }, context.Now + timeout);
    }

    /// <inheritdoc />
    public async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var tasks = await LoadAsync(context, ReadIds(context));
        if (context.ResumeInput?.GetValueOrDefault("expired") is true)
            context.WriteLine($"await-tasks: timed out with {tasks.Count(t => !IsFinished(t))} of {tasks.Count} task(s) unfinished.");
        Finish(context, tasks);
    }

    /// <summary>Whether <paramref name="task"/> will not change any more.</summary>
    public static bool IsFinished(WorkTask task) => task.Status is TaskStatuses.Done or TaskStatuses.Parked or TaskStatuses.Cancelled;

    /// <summary>The task ids a waiting bookmark carries, or null for a bookmark that is not this activity's.</summary>
    public static IReadOnlyList<string>? TaskIdsOf(Bookmark bookmark) =>
        bookmark.Payload?.GetValueOrDefault(TasksKey) is string text ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries) : null;

    private void Finish(ActivityExecutionContext context, List<WorkTask> tasks)
    {
        context.Set(Tasks, tasks);
        context.Set(AllFinished, tasks.All(IsFinished));
        context.Complete();
    }

    private List<string> ReadIds(ActivityExecutionContext context)
    {
        var ids = (context.Get(TaskIds) ?? []).Select(i => i?.Trim() ?? "").ToList();
        if (ids.Count == 0) throw new WorkflowFaultException($"{context.NodePath}: taskIds is empty; bind it to EnqueueTasks' taskIds.");
        if (ids.Any(string.IsNullOrEmpty)) throw new WorkflowFaultException($"{context.NodePath}: taskIds has an empty id; give the ids EnqueueTasks output.");
        return ids;
    }

    private static async Task<List<WorkTask>> LoadAsync(ActivityExecutionContext context, List<string> ids)
    {
        var store = context.GetRequiredService<TaskStore>();
        var tasks = new List<WorkTask>();
        foreach (var id in ids)
            tasks.Add(await store.FindAsync(id, context.CancellationToken)
                ?? throw new WorkflowFaultException($"{context.NodePath}: there is no task '{id}'; enqueue it first (EnqueueTasks) and wait for the ids it outputs."));
        return tasks;
    }
}
