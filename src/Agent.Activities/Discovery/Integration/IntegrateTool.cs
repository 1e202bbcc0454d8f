using Agent.Activities.Approvals;
using Agent.Activities.Discovery.Registry;
using Agent.Activities.Safety.Decisions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// Integrates an MCP server into a target's <c>.mcp.json</c>: by registry name or by a wanted capability, the server
/// is installed into its sandbox and probed (<see cref="IntegrationManager"/>). A server allowed by
/// <c>Discovery:AutoApprove</c> is written at once; any other waits for an approval (listed by <c>agent approvals</c>,
/// decided with <c>agent approve/reject</c>). A failed probe, a rejection or an expiry leaves <c>.mcp.json</c> unchanged.
/// </summary>
[Activity("Agent", "Discovery", "Installs, probes and (after approval) adds an MCP server to a target's .mcp.json.", DisplayName = "Integrate Tool")]
[FlowNode(IntegratedOutcome, RejectedOutcome, FailedOutcome)]
public sealed class IntegrateTool : IResumableActivity
{
    /// <summary>The outcome when the server was written into <c>.mcp.json</c>.</summary>
    public const string IntegratedOutcome = "Integrated";

    /// <summary>The outcome when the approval was rejected or expired.</summary>
    public const string RejectedOutcome = "Rejected";

    /// <summary>The outcome when nothing could be integrated (bad input, source down, install or probe failed).</summary>
    public const string FailedOutcome = "Failed";

    /// <summary>The server's registry name.</summary>
    [Input(Description = "The server's registry name, e.g. io.github.modelcontextprotocol/server-memory; empty = choose by capability.", Order = 0)]
    public Input<string> ServerName { get; set; } = null!;

    /// <summary>The capability wanted.</summary>
    [Input(Description = "The capability wanted, e.g. memory.store; checked after the probe.", Order = 1)]
    public Input<string> Capability { get; set; } = null!;

    /// <summary>The folder whose <c>.mcp.json</c> gets the server.</summary>
    [Required]
    [Input(Description = "The target folder whose .mcp.json gets the server.", Order = 2)]
    public Input<string> Target { get; set; } = null!;

    /// <summary>The attempt: id, serverName, name, outcome, reason, tools, capabilities, probe, approvalId.</summary>
    [Output(Description = "The integration attempt: id, serverName, name, target, outcome, reason, tools, capabilities, probe, approvalId.")]
    public Output<IntegrationAttempt> Attempt { get; set; } = null!;

    /// <summary>Why the activity failed before an attempt existed (bad input, a source that could not be read).</summary>
    [Output(Description = "Why nothing was attempted (bad input, registry down); empty otherwise.")]
    public Output<string> Error { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var manager = context.GetRequiredService<IntegrationManager>();
        var gate = context.GetRequiredService<IntegrationApprovalGate>();
        IntegrationAttempt attempt;
        try
        {
            attempt = await manager.PrepareAsync(new IntegrationRequest
            {
                Target = context.Get(Target) ?? "", ServerName = Blank(context.Get(ServerName)), Capability = Blank(context.Get(Capability)),
                InstanceId = context.InstanceId,
            }, context.CancellationToken);
        }
        catch (Exception e) when (e is IntegrationException or McpRegistryException)
        {
            context.Set(Error, e.Message);
            context.Complete(FailedOutcome);
            return;
        }
        if (attempt.Outcome != IntegrationOutcomes.AwaitingApproval) { Finish(context, attempt); return; }
        // The integrate-tool decision (principles with evidence, when the decision framework is registered): deny rejects
        // the attempt with its reasons, escalate always asks a human, allow leaves it to Discovery:AutoApprove.
        var decision = context.GetService<DecisionMaker>() is { } maker
            ? await maker.DecideAsync(new DecisionSubject
            {
                Kind = DecisionKinds.IntegrateTool, CycleId = context.InstanceId, Subject = $"{attempt.ServerName ?? attempt.Name} into {attempt.Target}", TargetRepository = attempt.Target,
            }, context.CancellationToken)
            : null;
        if (decision?.Outcome == DecisionOutcome.Deny)
        {
            Finish(context, await manager.RejectAsync(attempt.Id, $"denied by decision {decision.Id[..8]}: {string.Join("; ", decision.Reasons)}", context.CancellationToken));
            return;
        }
        if (decision?.Outcome != DecisionOutcome.Escalate && await gate.TryAutoApproveAsync(attempt, context.CancellationToken) is { } integrated) { Finish(context, integrated); return; }

        var (title, summary, reasons) = IntegrationApprovalGate.Describe(attempt);
        if (decision?.Outcome == DecisionOutcome.Escalate) reasons.AddRange(decision.Reasons.Select(r => $"decision {decision.Id[..8]} escalates: {r}"));
        var timeout = context.GetRequiredService<IOptions<IntegrationOptions>>().Value.ApprovalTimeout;
        var approvalId = context.CreateBookmark(HumanApproval.BookmarkName, new()
        {
            ["title"] = title, ["summary"] = summary, ["diffStat"] = null, ["riskReasons"] = reasons.Cast<object?>().ToList(),
            ["onExpiry"] = "Reject", ["escalatedFrom"] = null,
        }, context.Now + timeout);
        context.Set(Attempt, await gate.LinkAsync(attempt, approvalId, context.CancellationToken));
    }

    /// <inheritdoc />
    public async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var approvalId = context.ResumedBookmarkId ?? throw new WorkflowFaultException($"{context.ActivityId}: resumed without a bookmark.");
        var audit = context.GetRequiredService<ApprovalAuditStore>();
        // The approval service records the decision before it resumes; an expiry (or a bare resume) records a rejection here.
        var decision = await audit.FindAsync(approvalId, context.CancellationToken)
            ?? await audit.InsertOrGetAsync(new ApprovalRecord(approvalId, context.InstanceId, ApprovalDecisions.Rejected, "system",
                context.ResumeInput?.GetValueOrDefault("expired") is true ? "expired without a decision" : "resumed without a recorded decision", context.Now), context.CancellationToken);
        Finish(context, await context.GetRequiredService<IntegrationApprovalGate>().ApplyAsync(decision, context.CancellationToken));
    }

    private void Finish(ActivityExecutionContext context, IntegrationAttempt attempt)
    {
        context.Set(Attempt, attempt);
        context.Complete(attempt.Outcome switch
        {
            IntegrationOutcomes.Integrated => IntegratedOutcome,
            IntegrationOutcomes.Rejected => RejectedOutcome,
            _ => FailedOutcome,
        });
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
