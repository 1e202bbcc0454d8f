using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.Workflows.Activities.Workflows;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Server.Cli;

/// <summary>
/// Keeps <c>agent run</c> with an instance that waits on a child workflow (e.g. consensus-review) while this process
/// still runs the work the child waits for: workers it launched, tasks it dispatched to them, the resume of the child's
/// <c>Agent.AwaitTasks</c> and the messages they send all run on this process's thread pool, so exiting would kill
/// them (and their Claude processes) halfway. It waits for that background work until the instance no longer waits on
/// a child, or nothing in this process is left to wake it (then it stays suspended for <c>agent serve</c> to go on).
/// </summary>
public sealed class InProcessWorkFollower(
    IWorkflowInstanceStore store, WorkflowRuntime runtime, WorkerLauncher launcher, TaskDispatcher tasks,
    TaskWaitDispatcher waits, MessageDispatcher messages)
{
    // How long to look again while a workflow of this process is running but no background dispatch is (e.g. a worker
    // started inline): short, since every pass only reads the instance.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Follows <paramref name="instance"/> while it waits on a child and this process has work in flight.</summary>
    /// <returns>The instance as it is when it stops waiting on a child, or when nothing here can wake it any more.</returns>
    public async Task<WorkflowInstance> FollowAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        while (WaitsOnChild(instance))
        {
            var drained = await DrainOnceAsync(cancellationToken);
            instance = await store.FindAsync(instance.Id, cancellationToken) ?? instance;
            if (!WaitsOnChild(instance)) break;
            // Nothing was in flight and no workflow runs here: nothing in this process can resume the child now.
            if (!drained && runtime.ActiveInstanceIds.Count == 0) break;
            if (!drained) await Task.Delay(PollInterval, cancellationToken);
        }
        return instance;
    }

    /// <summary>Waits for the background work started so far, in the order one starts the next; true when there was any.</summary>
    private async Task<bool> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var any = false;
        // A worker's run ends in CompleteTask (which starts the wait's resume) and in its report (which starts a
        // message dispatch), so each drain may start work for the ones after it; the caller's loop catches the rest.
        foreach (var drain in new Func<Task>[] { launcher.DrainAsync, tasks.DrainAsync, waits.DrainAsync, messages.DrainAsync })
        {
            var pending = drain();
            if (pending.IsCompleted) continue;
            any = true;
            await pending.WaitAsync(cancellationToken);
        }
        return any;
    }

    private static bool WaitsOnChild(WorkflowInstance instance) =>
        instance.Status == WorkflowStatus.Suspended && instance.State.Bookmarks.Any(b => b.Name == ChildWorkflowStarter.BookmarkName);
}
