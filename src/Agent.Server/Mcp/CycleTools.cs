using System.ComponentModel;
using Agent.Activities.Approvals;
using Agent.Activities.Guards;
using ModelContextProtocol.Server;

namespace Agent.Server.Mcp;

/// <summary>MCP tools of the improvement cycle's safety features: approvals and the emergency stop. Thin: the work is done by the services.</summary>
[McpServerToolType]
public sealed class CycleTools(ApprovalService approvals, EmergencyStop stop, EmergencyStopEnforcer enforcer)
{
    /// <summary>Sets, clears or reads the emergency stop.</summary>
    [McpServerTool(Name = "emergency_stop"), Description("The emergency stop: action 'stop' kills every Claude run and cancels running instances, and refuses new runs and cycles until 'clear'; 'status' reports it.")]
    public async Task<object> EmergencyStopAsync(
        [Description("stop, clear or status.")] string action = "stop",
        [Description("Why (with stop).")] string? reason = null,
        [Description("Who (with stop or clear).")] string? by = null,
        CancellationToken cancellationToken = default)
    {
        switch (action?.Trim().ToLowerInvariant())
        {
            case "stop":
                var (state, killed) = await enforcer.StopAsync(by ?? "mcp", reason, cancellationToken);
                return new { stopped = true, state, killedRuns = killed };
            case "clear":
                return new { stopped = false, cleared = await enforcer.ClearAsync(by ?? "mcp", cancellationToken) };
            case "status":
                return new { stopped = stop.Status() is not null, state = stop.Status() };
            default:
                throw new ModelContextProtocol.McpProtocolException($"'action' is '{action}'; use stop, clear or status.", ModelContextProtocol.McpErrorCode.InvalidParams);
        }
    }

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
