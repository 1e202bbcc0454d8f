using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Server.Cli.Verbs;

/// <summary>Loads an instance a verb names, failing with a message that says how to find valid ids.</summary>
public static class InstanceLookup
{
    /// <summary>The instance with this id.</summary>
    /// <exception cref="InstanceNotFoundException">No such instance.</exception>
    public static async Task<WorkflowInstance> RequireAsync(CliSession session, string instanceId, CancellationToken cancellationToken) =>
        await session.Get<IWorkflowInstanceStore>().FindAsync(instanceId, cancellationToken)
        ?? throw new InstanceNotFoundException($"Instance '{instanceId}' does not exist; list instances with 'agent instances list'.");
}
