using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;

namespace Agent.Activities.Approvals;

/// <summary>
/// Waits for a human to approve or reject a change. The wait is a bookmark named <see cref="BookmarkName"/> carrying the
/// title, summary, diff stat and risk reasons, with an expiry; the approval's id is the bookmark's id. On expiry the
/// approval is rejected, or escalated (replaced by a new approval marked escalated) up to <see cref="MaxEscalations"/> times.
/// </summary>
/// <remarks>
/// The decision the activity acts on is the one recorded in <see cref="ApprovalAuditStore"/> — written exactly once per
/// approval — so a person's decision that races with the expiry, or with another person, is never lost or doubled.
/// </remarks>
[Activity("Agent", "Approvals", "Waits for a human to approve or reject a change, with an expiry.", DisplayName = "Human Approval")]
[FlowNode(ApprovedOutcome, RejectedOutcome)]
public sealed class HumanApproval : IResumableActivity
{
    /// <summary>The name of the bookmarks this activity creates.</summary>
    public const string BookmarkName = "Agent.HumanApproval";

    /// <summary>The outcome after an approval.</summary>
    public const string ApprovedOutcome = "Approved";

    /// <summary>The outcome after a rejection or an expiry that rejects.</summary>
    public const string RejectedOutcome = "Rejected";

    /// <summary>What is to be approved, in one line.</summary>
    [Input(Description = "What is to be approved, in one line.", Order = 0)]
    public Input<string> Title { get; set; } = null!;

    /// <summary>The change in a few lines (gap, task, metric deltas).</summary>
    [Input(Description = "The change in a few lines: gap, task, metric deltas.", UIHint = "MultiLine", Order = 1)]
    public Input<string> Summary { get; set; } = null!;

    /// <summary>The change's diff stat.</summary>
    [Input(Description = "The diff stat of the change.", UIHint = "MultiLine", Order = 2)]
    public Input<string> DiffStat { get; set; } = null!;

    /// <summary>Why a human must decide.</summary>
    [Input(Description = "Why the change needs a human (the risk assessment's reasons).", Order = 3)]
    public Input<List<string>> RiskReasons { get; set; } = null!;

    /// <summary>How long to wait before the expiry policy applies.</summary>
    [Input(Description = "How long to wait for a decision (e.g. 1.00:00:00).", DefaultValue = "1.00:00:00", Order = 4)]
    public Input<TimeSpan> Timeout { get; set; } = null!;

    /// <summary><c>Reject</c> or <c>Escalate</c>.</summary>
    [Input(Description = "On expiry: Reject, or Escalate (a new approval marked escalated, then Reject).", UIHint = "Dropdown", Options = ["Reject", "Escalate"], DefaultValue = "Reject", Order = 5)]
    public Input<string> OnExpiry { get; set; } = null!;

    /// <summary>How many times an expired approval is escalated before it is rejected.</summary>
    [Input(Description = "How many times an expired approval is escalated before it is rejected.", DefaultValue = 1, Order = 6)]
    public Input<int> MaxEscalations { get; set; } = null!;

    /// <summary>The decision: approvalId, decision, by, comment, decidedAt.</summary>
    [Output(Description = "The decision: approvalId, instanceId, decision, by, comment, decidedAt.")]
    public Output<ApprovalRecord> Decision { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context) => await WaitAsync(context, escalatedFrom: null);

    /// <inheritdoc />
    public async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var approvalId = context.ResumedBookmarkId ?? throw new WorkflowFaultException($"{context.ActivityId}: resumed without a bookmark.");
        var audit = context.GetRequiredService<ApprovalAuditStore>();
        var record = await audit.FindAsync(approvalId, context.CancellationToken)
            ?? await audit.InsertOrGetAsync(await FromResumeInputAsync(context, approvalId, audit), context.CancellationToken);
        if (record.Decision == ApprovalDecisions.Escalated)
        {
            context.WriteLine($"Approval {approvalId} expired and was escalated.");
            await WaitAsync(context, escalatedFrom: approvalId);
            return;
        }
        // Keyed by the approval, so a resume re-run after a crash audits the decision once.
        await context.GetService<ISafetyEventSink>().PublishOnceAsync(approvalId, SafetyEventKinds.ApprovalDecided, record.By,
            $"Approval {approvalId} ({context.Get(Title)}): {record.Decision} by {record.By}{(record.Comment is { Length: > 0 } c ? $": {c}" : "")}.",
            new Dictionary<string, string>
            {
                ["approval"] = approvalId, ["instance"] = context.InstanceId, ["decision"] = record.Decision, ["by"] = record.By, ["comment"] = record.Comment ?? "",
            }, record.DecidedAt, context.CancellationToken);
        context.Set(Decision, record);
        context.Complete(record.Decision == ApprovalDecisions.Approved ? ApprovedOutcome : RejectedOutcome);
    }

    private async Task WaitAsync(ActivityExecutionContext context, string? escalatedFrom)
    {
        var onExpiry = ExpiryPolicy(context);
        var timeout = context.Get(Timeout);
        if (timeout <= TimeSpan.Zero) throw new WorkflowFaultException($"{context.ActivityId}: timeout must be positive, e.g. 1.00:00:00; it is {timeout}.");
        var approvalId = context.CreateBookmark(BookmarkName, new()
        {
            ["title"] = context.Get(Title), ["summary"] = context.Get(Summary), ["diffStat"] = context.Get(DiffStat),
            ["riskReasons"] = (context.Get(RiskReasons) ?? []).Cast<object?>().ToList(), ["onExpiry"] = onExpiry, ["escalatedFrom"] = escalatedFrom,
        }, context.Now + timeout);
        await context.GetService<ISafetyEventSink>().PublishOnceAsync(approvalId, SafetyEventKinds.ApprovalRequested, "agent",
            $"Approval needed{(escalatedFrom is null ? "" : " (escalated)")}: {context.Get(Title)}. Decide with 'agent approve {approvalId}' or 'agent reject {approvalId}'.",
            new Dictionary<string, string>
            {
                ["approval"] = approvalId, ["instance"] = context.InstanceId, ["title"] = context.Get(Title) ?? "", ["summary"] = context.Get(Summary) ?? "",
                ["risk_reasons"] = string.Join("; ", context.Get(RiskReasons) ?? []), ["expires_at"] = (context.Now + timeout).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["escalated_from"] = escalatedFrom ?? "",
            }, context.Now, context.CancellationToken);
    }

    private async Task<ApprovalRecord> FromResumeInputAsync(ActivityExecutionContext context, string approvalId, ApprovalAuditStore audit)
    {
        var input = context.ResumeInput ?? new Dictionary<string, object?>();
        if (input.TryGetValue("expired", out var expired) && expired is true)
        {
            var escalations = (await audit.ListForInstanceAsync(context.InstanceId, context.CancellationToken))
                .Count(r => r.Decision == ApprovalDecisions.Escalated);
            var escalate = ExpiryPolicy(context) == "Escalate" && escalations < context.Get(MaxEscalations);
            return new ApprovalRecord(approvalId, context.InstanceId, escalate ? ApprovalDecisions.Escalated : ApprovalDecisions.Rejected,
                "system", escalate ? "expired; escalated" : "expired without a decision", context.Now);
        }
        // A plain 'agent resume <id> --input decision=approve --input by=...' also decides; anything unclear rejects.
        var decision = ApprovalDecisions.Parse(Text(input, "decision") ?? Text(input, "approved")) ?? ApprovalDecisions.Rejected;
        return new ApprovalRecord(approvalId, context.InstanceId, decision, Text(input, "by") ?? "unknown", Text(input, "comment"), context.Now);
    }

    private string ExpiryPolicy(ActivityExecutionContext context)
    {
        var text = context.Get(OnExpiry);
        if (string.IsNullOrWhiteSpace(text)) return "Reject";
        if (text.Trim().Equals("Reject", StringComparison.OrdinalIgnoreCase)) return "Reject";
        if (text.Trim().Equals("Escalate", StringComparison.OrdinalIgnoreCase)) return "Escalate";
        throw new WorkflowFaultException($"{context.ActivityId}: onExpiry '{text}' is not known; use Reject or Escalate.");
    }

    private static string? Text(IReadOnlyDictionary<string, object?> input, string key) =>
        input.TryGetValue(key, out var value) && value is not null ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
