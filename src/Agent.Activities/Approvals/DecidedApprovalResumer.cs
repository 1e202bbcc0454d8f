using Agent.Workflows.Runtime;

namespace Agent.Activities.Approvals;

/// <summary>
/// Resumes the approvals whose decision is recorded but whose instance still waits. <see cref="ApprovalService"/>
/// records a decision first and resumes the bookmark after, in two steps that no transaction spans (the audit and the
/// engine are separate stores): a process killed in between — one replica of several, or the only one — leaves the
/// instance waiting on a decision that is already made, and every later attempt to decide is refused as "already
/// decided". This finishes the resume with the recorded decision, which is what <see cref="HumanApproval"/> acts on.
/// </summary>
/// <remarks>
/// The engine lets exactly one resume of a bookmark win, so racing the deciding process (or another replica's sweep)
/// is safe; the grace period only keeps the sweep from taking over a resume its deciding process is doing right now.
/// </remarks>
public sealed class DecidedApprovalResumer(WorkflowRuntime runtime, ApprovalAuditStore audit, TimeProvider clock)
{
    /// <summary>Resumes every waiting approval decided at least <paramref name="grace"/> ago.</summary>
    /// <returns>How many approvals this call resumed.</returns>
    public Task<int> ResumeAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (grace < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(grace), grace, "The grace period cannot be negative; use TimeSpan.Zero to resume every decided approval.");
        return runtime.ResumeReadyAsync(HumanApproval.BookmarkName, async (bookmark, ct) =>
            await audit.FindAsync(bookmark.Id, ct) is { } decided && decided.DecidedAt <= clock.GetUtcNow() - grace, cancellationToken);
    }
}
