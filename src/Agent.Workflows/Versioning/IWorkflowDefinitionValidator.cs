using Agent.Workflows.Model;
using Agent.Workflows.Validation;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Checks a definition before it is stored (activity types exist, connections point at activities, …).
/// Every registered validator is run by <see cref="WorkflowDefinitionService"/> before any write.
/// </summary>
public interface IWorkflowDefinitionValidator
{
    /// <summary>Returns every problem found; an empty list means the definition may be stored.</summary>
    IReadOnlyList<DefinitionValidationError> Validate(WorkflowDefinition definition);
}

/// <summary>Told by <see cref="WorkflowDefinitionService"/> after every change it stored, so caches of definitions stay in step.</summary>
public interface IWorkflowDefinitionChangeListener
{
    /// <summary>Called after a change to <paramref name="definitionId"/> was stored.</summary>
    Task OnChangedAsync(string definitionId, CancellationToken cancellationToken);
}
