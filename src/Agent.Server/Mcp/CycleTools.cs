using System.ComponentModel;
using Agent.Activities.Approvals;
using ModelContextProtocol.Server;

namespace Agent.Server.Mcp;

/// <summary>MCP tools of the improvement cycle's safety features: list and decide approvals. Thin: the work is done by <see cref="ApprovalService"/>.</summary>
[McpServerToolType]
public sealed class CycleTools(ApprovalService approvals)
{
    /// <summary>Lists approvals waiting for a decision.</summary>
    [McpServerTool(Name = "approvals_list"), Description("Lists changes waiting for a human's approval: id, title, summary, diff stat, risk reasons, expiry.")]
    public Task<IReadOnlyList<PendingApproval>> ListAsync(CancellationToken cancellationToken = default) => approvals.ListPendingAsync(cancellationToken);

    /// <summary>Approves or rejects one approval.</summary>
    [McpServerTool(Name = "approval_decide"), Description("Approves or rejects a waiting change; the instance continues (merge or discard). Exactly one decision counts; a second one is an error naming the first.")]
    public async Task<ApprovalRecord> DecideAsync(
        [Description("The approval's id (from approvals_list).")] string id,
        [Description("approve or reject.")] string decision,
        [Description("Who decides; kept in the audit.")] string by,
        [Description("Why (optional); kept in the audit.")] string? comment = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return (await approvals.DecideAsync(id, decision, by, comment, cancellationToken)).Record;
        }
        catch (Exception e) when (e is ApprovalInputException or ApprovalNotFoundException or ApprovalAlreadyDecidedException)
        {
            throw new ModelContextProtocol.McpProtocolException(e.Message, ModelContextProtocol.McpErrorCode.InvalidParams);
        }
    }
}
