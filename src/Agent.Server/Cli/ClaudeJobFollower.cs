using Agent.Activities.Claude;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Server.Cli;

/// <summary>
/// Keeps <c>agent run</c> with an instance that waits on Claude jobs it started (ClaudeExecute in async mode): the jobs
/// run in this process, so exiting would interrupt them. It resumes the instance when they end, until the instance
/// finishes, faults, or waits on something else (an approval, an event), and returns the instance as it is then.
/// </summary>
public sealed class ClaudeJobFollower(ClaudeJobBookmarks bookmarks, ClaudeJobs jobs, IWorkflowInstanceStore store)
{
    // A job that ended between two checks is caught by the next poll even when its event was missed.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Follows <paramref name="instance"/> while it waits on Claude jobs.</summary>
    public async Task<WorkflowInstance> FollowAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        using var ended = new ClaudeJobEndSignal(jobs);
        while (WaitsOnJobs(instance))
        {
            await bookmarks.ResumeEndedAsync(cancellationToken);
            instance = await store.FindAsync(instance.Id, cancellationToken) ?? instance;
            if (WaitsOnJobs(instance)) await ended.WaitAsync(PollInterval, cancellationToken);
        }
        return instance;
    }

    private static bool WaitsOnJobs(WorkflowInstance instance) =>
        instance.Status == WorkflowStatus.Suspended && instance.State.Bookmarks.Any(b => b.Name == ClaudeJobBookmarks.BookmarkName);
}
