using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Approvals;

/// <summary>The result of a decision: the stored record and the instance's state after it continued.</summary>
public sealed record ApprovalOutcome(ApprovalRecord Record, string InstanceStatus);

/// <summary>
/// Lists pending approvals (the <see cref="HumanApproval.BookmarkName"/> bookmarks) and decides them. A decision is
/// recorded once in <see cref="ApprovalAuditStore"/> (the approval id is its key), then the bookmark is resumed
/// through the engine, whose claim is revision-checked: two people deciding at once get one decision, one resume,
/// and the second is told who decided first. The instance continues on the process that handles the decision.
/// </summary>
public sealed class ApprovalService(IWorkflowInstanceStore instances, WorkflowRuntime runtime, ApprovalAuditStore audit, TimeProvider clock)
{
    /// <summary>Approvals waiting for a decision, oldest first.</summary>
    public async Task<IReadOnlyList<PendingApproval>> ListPendingAsync(CancellationToken cancellationToken = default)
    {
        var bookmarks = await instances.FindBookmarksAsync(HumanApproval.BookmarkName, null, cancellationToken);
        return [.. bookmarks.OrderBy(b => b.CreatedAt).Select(ToPending)];
    }

    /// <summary>Recent decisions, newest first (the audit).</summary>
    public Task<IReadOnlyList<ApprovalRecord>> ListDecidedAsync(int take = 50, CancellationToken cancellationToken = default) =>
        audit.ListRecentAsync(take, cancellationToken);

    /// <summary>Decides an approval and continues its instance.</summary>
    /// <param name="approvalId">The approval's id.</param>
    /// <param name="decision">approve/approved or reject/rejected.</param>
    /// <param name="by">Who decides (required).</param>
    /// <param name="comment">Why (optional).</param>
    /// <param name="cancellationToken">Stops waiting; a recorded decision stays recorded.</param>
    /// <exception cref="ApprovalInputException">The decision or the decider is missing or unknown; nothing changed.</exception>
    /// <exception cref="ApprovalNotFoundException">No such pending approval.</exception>
    /// <exception cref="ApprovalAlreadyDecidedException">Someone (or the expiry) decided first; nothing changed.</exception>
    public async Task<ApprovalOutcome> DecideAsync(string approvalId, string? decision, string? by, string? comment, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(approvalId)) throw new ApprovalInputException("Give the approval's id; list them with 'agent approvals'.");
        var parsed = ApprovalDecisions.Parse(decision)
            ?? throw new ApprovalInputException($"Decision '{decision}' is not known; use 'approve' or 'reject'.");
        if (string.IsNullOrWhiteSpace(by)) throw new ApprovalInputException("Say who decides ('by'), so the audit records it.");

        var bookmark = await instances.FindBookmarkAsync(approvalId, cancellationToken);
        if (bookmark is null || bookmark.Name != HumanApproval.BookmarkName)
        {
            if (await audit.FindAsync(approvalId, cancellationToken) is { } decided) throw new ApprovalAlreadyDecidedException(decided);
            throw new ApprovalNotFoundException(approvalId);
        }
        var mine = new ApprovalRecord(approvalId, bookmark.InstanceId, parsed, by.Trim(), string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), clock.GetUtcNow());
        var stored = await audit.InsertOrGetAsync(mine, cancellationToken);
        if (stored != mine)
        {
            // Someone decided first. If their process died before resuming, finishing the resume here keeps the
            // instance from waiting forever on a decision that is already made; the engine lets only one resume win.
            await TryResumeAsync(stored, cancellationToken);
            throw new ApprovalAlreadyDecidedException(stored);
        }
        await TryResumeAsync(mine, cancellationToken);
        var instance = await instances.FindAsync(bookmark.InstanceId, cancellationToken);
        return new ApprovalOutcome(mine, instance?.Status.ToString() ?? "Unknown");
    }

    private async Task TryResumeAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await runtime.ResumeAsync(record.ApprovalId, record.ToResumeInput(), cancellationToken);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or BookmarkNotFoundException)
        {
            // Another resume (a concurrent decision or the expiry) won the claim; the activity acts on the recorded decision either way.
        }
    }

    private static PendingApproval ToPending(Bookmark b)
    {
        var p = b.Payload ?? [];
        string? Text(string key) => p.TryGetValue(key, out var v) ? v?.ToString() : null;
        var reasons = p.TryGetValue("riskReasons", out var r) && r is IEnumerable<object?> list ? list.Select(x => x?.ToString() ?? "").ToList() : [];
        return new PendingApproval
        {
            Id = b.Id, InstanceId = b.InstanceId, ActivityId = b.ActivityId, Title = Text("title"), Summary = Text("summary"),
            DiffStat = Text("diffStat"), RiskReasons = reasons, CreatedAt = b.CreatedAt, ExpiresAt = b.ExpiresAt,
            OnExpiry = Text("onExpiry") ?? "Reject", EscalatedFrom = Text("escalatedFrom"),
        };
    }
}
