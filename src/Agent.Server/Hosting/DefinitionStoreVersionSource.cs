using Agent.Workflows.Execution;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;

namespace Agent.Server.Hosting;

/// <summary>Lets the runtime load the definition version an instance runs on from the definition store.</summary>
public sealed class DefinitionStoreVersionSource(IWorkflowDefinitionStore store) : IWorkflowVersionSource
{
    /// <inheritdoc />
    public Task<WorkflowDefinition?> FindVersionAsync(string versionId, CancellationToken cancellationToken) =>
        store.FindByIdAsync(versionId, cancellationToken);
}
