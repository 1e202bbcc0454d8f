using Agent.Workflows.Execution;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;

namespace Agent.Workflows.Runtime;

/// <summary>Finds definition versions in the definition store, so stored instances resume on their own version.</summary>
public sealed class StoreVersionSource(IWorkflowDefinitionStore store) : IWorkflowVersionSource
{
    /// <inheritdoc />
    public Task<WorkflowDefinition?> FindVersionAsync(string versionId, CancellationToken cancellationToken) =>
        store.FindByIdAsync(versionId, cancellationToken);
}
