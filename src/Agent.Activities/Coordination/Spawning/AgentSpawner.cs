using System.Security.Cryptography;
using System.Text;
using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>
/// Spawns agents: registers each (with its parent) and starts its worker workflow instance, at most
/// <c>Coordination:MaxAgents</c> at once — a request past the cap is queued in coordination.db and started when a
/// spawned agent stops. Ids are derived from the request id, so a request run twice (a re-run after a crash) registers
/// and starts one agent.
/// </summary>
public sealed class AgentSpawner(
    SpawnStore store, RolePermissions roles, AgentRegistry registry, CoordinationControl control, WorkflowDefinitionService definitions,
    IWorkflowInstanceStore instances, WorkflowRuntime runtime, WorkerLauncher launcher, IOptions<CoordinationOptions> options)
{
    /// <summary>The agent id a request spawns: its role and a hash of the request id (stable across re-runs).</summary>
    public static string AgentIdFor(string role, string requestId) =>
        $"{role}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)))[..12]}";

    /// <summary>The worker instance id of an agent.</summary>
    public static string InstanceIdFor(string agentId) => $"worker-{agentId}";

    /// <summary>Spawns (or queues) the agent <paramref name="request"/> asks for; a request already stored is returned as it stands.</summary>
    /// <exception cref="SpawnRefusedException">Bad input, spawns stopped, or no worker definition; nothing was stored.</exception>
    public async Task<SpawnRecord> SpawnAsync(SpawnRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestId = request.RequestId?.Trim();
        if (string.IsNullOrEmpty(requestId) || requestId.Length > 200)
            throw new SpawnRefusedException($"The spawn request id '{request.RequestId}' must be 1 to 200 characters; derive it from the workflow's execution id, or leave it to 'agent agents spawn'.");
        if (await store.FindAsync(requestId, cancellationToken) is { } existing)
        {
            // The re-run after a crash: finish what the first run began, start nothing new.
            if (existing.Status == SpawnStatuses.Admitted) await StartWorkerAsync(existing, cancellationToken);
            return (await store.FindAsync(requestId, cancellationToken))!;
        }
        var candidate = await CheckAsync(request, requestId, cancellationToken);
        var record = await store.AdmitAsync(candidate, options.Value.MaxAgents, cancellationToken);
        if (record.Status == SpawnStatuses.Admitted) await StartWorkerAsync(record, cancellationToken);
        return (await store.FindAsync(requestId, cancellationToken))!;
    }

    /// <summary>
    /// Stops a spawned agent: cancels its worker instance, marks it stopped, and starts queued requests in the freed slot.
    /// </summary>
    /// <exception cref="UnknownAgentException">No agent was spawned with that id.</exception>
    public async Task<SpawnRecord> StopAsync(string agentId, CancellationToken cancellationToken = default)
    {
        var record = await store.FindByAgentAsync(agentId?.Trim() ?? "", cancellationToken) ?? throw new UnknownAgentException(agentId ?? "");
        if (await instances.FindAsync(record.InstanceId, cancellationToken) is not null) await runtime.CancelAsync(record.InstanceId, cancellationToken);
        return await ReleaseAsync(record.AgentId, cancellationToken);
    }

    /// <summary>
    /// Marks a spawned agent stopped (its worker ended) and starts the queued requests that now fit. A repeat changes nothing.
    /// </summary>
    /// <exception cref="UnknownAgentException">No agent was spawned with that id.</exception>
    public async Task<SpawnRecord> ReleaseAsync(string agentId, CancellationToken cancellationToken = default)
    {
        var record = await store.FindByAgentAsync(agentId?.Trim() ?? "", cancellationToken) ?? throw new UnknownAgentException(agentId ?? "");
        if (await registry.FindAsync(record.AgentId, cancellationToken) is not null) await registry.SetStatusAsync(record.AgentId, AgentStatuses.Stopped, cancellationToken);
        await store.SetStatusAsync(record.RequestId, SpawnStatuses.Stopped, cancellationToken);
        await ResumeAsync(cancellationToken);
        return (await store.FindAsync(record.RequestId, cancellationToken))!;
    }

    /// <summary>
    /// Repairs after a crash and fills free slots: starts admitted requests whose worker instance was not stored (and
    /// marks started those whose instance was), then admits and starts queued ones while slots are free. Queued
    /// requests stay queued while spawns are stopped. A started request is never launched again: its instance was
    /// stored, so if it is gone it ended and retention deleted it (<see cref="EndedWorkerReaper"/> frees its slot).
    /// </summary>
    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        foreach (var admitted in await store.ListAsync(SpawnStatuses.Admitted, cancellationToken)) await StartWorkerAsync(admitted, cancellationToken);
        if (await control.AreSpawnsStoppedAsync(cancellationToken)) return;
        foreach (var next in await store.AdmitQueuedAsync(options.Value.MaxAgents, cancellationToken)) await StartWorkerAsync(next, cancellationToken);
    }

    private async Task<SpawnRecord> CheckAsync(SpawnRequest request, string requestId, CancellationToken cancellationToken)
    {
        var (role, roleMode) = roles.Resolve(request.Role);
        var mode = string.IsNullOrWhiteSpace(request.PermissionMode) ? roleMode : request.PermissionMode.Trim();
        if (!Claude.ClaudePermissionModes.All.Contains(mode))
            throw new SpawnRefusedException($"The permission mode '{request.PermissionMode}' is not a Claude permission mode; use one of {string.Join(", ", Claude.ClaudePermissionModes.All.Order())}, or leave it out for the role's ({roleMode}).");
        if (request.MaxUsd is < 0) throw new SpawnRefusedException($"The budget of {request.MaxUsd} USD is negative; give 0 or more, or none for no limit of the agent's own.");
        if (request.MaxTokens is < 0) throw new SpawnRefusedException($"The budget of {request.MaxTokens} tokens is negative; give 0 or more, or none for no limit of the agent's own.");
        var parent = string.IsNullOrWhiteSpace(request.ParentId) ? null : request.ParentId.Trim();
        if (parent is not null && await registry.FindAsync(parent, cancellationToken) is null)
            throw new SpawnRefusedException($"The parent agent '{parent}' is not registered; give the id of the spawning agent (see 'agent agents list'), or none.");
        var stopped = (await control.ListAsync(cancellationToken)).FirstOrDefault(f => f.Name == CoordinationControl.SpawnsStopped);
        if (stopped is not null)
            throw new SpawnRefusedException($"Spawning is stopped since {stopped.SetAt:u} by {stopped.SetBy}: {stopped.Reason}. Look at 'agent incidents list', then lift it with 'agent agents resume'.");
        await WorkerDefinitionAsync(cancellationToken);
        var agentId = AgentIdFor(role, requestId);
        return new SpawnRecord(requestId, agentId, role, parent, string.IsNullOrWhiteSpace(request.CorrelationId) ? null : request.CorrelationId.Trim(),
            request.MaxUsd, request.MaxTokens, mode, SpawnStatuses.Queued, InstanceIdFor(agentId), default);
    }

    private async Task StartWorkerAsync(SpawnRecord record, CancellationToken cancellationToken)
    {
        await registry.RegisterAsync(record.AgentId, record.Role, AgentStatuses.Starting, record.ParentId, cancellationToken);
        var definition = await WorkerDefinitionAsync(cancellationToken);
        // Started is stored only once the instance is: a started request whose instance is missing then has ended (the
        // engine deletes only ended instances), never a launch in flight or lost to a crash. A crash before this point
        // leaves the request admitted, and the next ResumeAsync finds the stored instance or launches it again.
        if (await instances.FindAsync(record.InstanceId, cancellationToken) is null
            && !await launcher.LaunchAsync(definition, WorkerOptions(record), cancellationToken)) return;
        await store.SetStatusAsync(record.RequestId, SpawnStatuses.Started, cancellationToken);
    }

    private static StartWorkflowOptions WorkerOptions(SpawnRecord record) => new()
    {
        InstanceId = record.InstanceId, CorrelationId = record.CorrelationId,
        Input = new Dictionary<string, object?>
        {
            ["AgentId"] = record.AgentId, ["Role"] = record.Role, ["ParentId"] = record.ParentId, ["CorrelationId"] = record.CorrelationId,
            ["PermissionMode"] = record.PermissionMode, ["MaxUsd"] = record.MaxUsd is { } usd ? (double)usd : null, ["MaxTokens"] = record.MaxTokens,
        },
    };

    private async Task<WorkflowDefinition> WorkerDefinitionAsync(CancellationToken cancellationToken)
    {
        var id = options.Value.WorkerDefinitionId;
        try
        {
            return await definitions.GetAsync(id, VersionOptions.Published, cancellationToken);
        }
        catch (WorkflowDefinitionException e)
        {
            throw new SpawnRefusedException($"The worker workflow '{id}' (Coordination:WorkerDefinitionId) cannot be run: {e.Message} Import workflows/agent-worker.json (agent serve does on start).");
        }
    }
}
