using Agent.Activities.Discovery.Registry;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;

namespace Agent.Activities.Discovery.Integration;

/// <summary>What an integration request led to: the attempt, and the approval it waits for, if any.</summary>
/// <param name="Attempt">The attempt as recorded.</param>
/// <param name="ApprovalId">The approval to decide (<c>agent approve &lt;id&gt;</c>), when the attempt awaits one.</param>
/// <param name="InstanceId">The workflow instance waiting on it, when one was started.</param>
public sealed record IntegrationResult(IntegrationAttempt Attempt, string? ApprovalId, string? InstanceId);

/// <summary>
/// The entry point of the CLI verbs and MCP tools: search the server sources, integrate (approved by the caller, by
/// policy, or through an approval that an <see cref="IntegrateToolWorkflow"/> instance waits for), and remove.
/// </summary>
public sealed class IntegrationService(
    ServerSources sources, IntegrationManager manager, IntegrationApprovalGate gate, IntegrationAttemptStore attempts,
    WorkflowDefinitionService definitions, WorkflowRuntime runtime)
{
    /// <summary>Servers of the catalog and the registry whose name contains <paramref name="text"/>.</summary>
    /// <exception cref="McpRegistryException">A source could not be read.</exception>
    public Task<IReadOnlyList<ServerCandidate>> SearchAsync(string text, CancellationToken cancellationToken = default) =>
        sources.SearchAsync(text, cancellationToken);

    /// <summary>
    /// Integrates <paramref name="request"/>. With <paramref name="approvedBy"/> the caller approves (e.g. <c>--yes</c>):
    /// the server is installed, probed and written at once. Without it, an <see cref="IntegrateToolWorkflow"/> instance
    /// installs and probes it, then writes it when the policy allows the server or waits for an approval.
    /// </summary>
    /// <exception cref="IntegrationException">Bad input (unknown server, missing target…); nothing was stored.</exception>
    /// <exception cref="McpRegistryException">A source could not be read; nothing was stored.</exception>
    public async Task<IntegrationResult> IntegrateAsync(IntegrationRequest request, string? approvedBy, CancellationToken cancellationToken = default)
    {
        if (approvedBy is not null)
        {
            var prepared = await manager.PrepareAsync(request, cancellationToken);
            if (prepared.Outcome != IntegrationOutcomes.AwaitingApproval) return new(prepared, null, null);
            var integrated = await gate.TryAutoApproveAsync(prepared, cancellationToken) ?? await manager.ApproveAsync(prepared.Id, approvedBy, cancellationToken);
            return new(integrated, null, null);
        }
        // Bad names and unreachable sources are the caller's errors, reported before an instance exists.
        if (request.ServerName is { Length: > 0 } name && await sources.FindAsync(name, cancellationToken) is null)
            throw new IntegrationException($"No server named '{name.Trim()}' in the catalog or the registry; find names with 'agent capabilities search <text>'.");
        if (string.IsNullOrWhiteSpace(request.Target) || !Directory.Exists(request.Target))
            throw new IntegrationException($"The target folder '{request.Target}' does not exist.");

        var stored = await definitions.StoreForRunAsync(IntegrateToolWorkflow.Json, "built-in integrate-tool", cancellationToken);
        var instance = await runtime.StartAsync(stored.Definition, new StartWorkflowOptions
        {
            Input = new Dictionary<string, object?>
            {
                ["serverName"] = request.ServerName ?? "", ["capability"] = request.Capability ?? "", ["target"] = Path.GetFullPath(request.Target),
            },
        }, cancellationToken);
        var attempt = (await attempts.ListForInstanceAsync(instance.Id, cancellationToken)).FirstOrDefault()
            ?? throw new IntegrationException($"Integration instance {instance.Id} ended ({instance.Status}) without an attempt; see 'agent instances show {instance.Id}'.");
        return new(attempt, attempt.Outcome == IntegrationOutcomes.AwaitingApproval ? attempt.ApprovalId : null, instance.Id);
    }

    /// <summary>Removes server <paramref name="name"/> from <paramref name="target"/>'s <c>.mcp.json</c> and deletes its sandbox.</summary>
    /// <exception cref="IntegrationException">The name is invalid or unknown there; nothing changed.</exception>
    public Task<IntegrationAttempt> RemoveAsync(string name, string target, CancellationToken cancellationToken = default) =>
        manager.RemoveAsync(name, target, cancellationToken);

    /// <summary>The latest attempts, newest first.</summary>
    public Task<IReadOnlyList<IntegrationAttempt>> ListAttemptsAsync(int take = 50, CancellationToken cancellationToken = default) =>
        attempts.ListRecentAsync(take, cancellationToken);
}
