using Agent.Activities.Coordination.Detection;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination;

/// <summary>
/// Resumes the workflows waiting in <see cref="WaitWhilePaused"/> once the coordination's flags are lifted. <c>agent
/// serve</c> calls it on every lease sweep, so a resume by the CLI in another process (which only lifts the flags and
/// must not run the coordinator's next steps in its own short-lived process) reaches the waiting workflows within
/// <c>Coordination:LeaseSweepInterval</c>.
/// </summary>
public sealed class PausedWorkflowRelease(WorkflowRuntime runtime, CoordinationControl control)
{
    /// <summary>Resumes every waiting workflow when no flag is set; returns how many this call resumed (0 while paused).</summary>
    public async Task<int> ReleaseAsync(CancellationToken cancellationToken) =>
        (await CheckCoordination.ReasonsAsync(control, cancellationToken)).Count > 0 ? 0
            : await runtime.ResumeReadyAsync(WaitWhilePaused.BookmarkName, static (_, _) => ValueTask.FromResult(true), cancellationToken);
}
