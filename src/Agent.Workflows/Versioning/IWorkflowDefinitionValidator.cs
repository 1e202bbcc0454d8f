using Agent.Workflows.Model;

namespace Agent.Workflows.Versioning;

/// <summary>One problem in a definition: where it is (a JSON path such as <c>$.root.activities[2].type</c>) and what it is.</summary>
public sealed record ValidationError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// Checks a definition before it is stored (activity types exist, connections point at activities, …).
/// Implemented elsewhere; every registered validator is run by <see cref="WorkflowDefinitionService"/> before any write.
/// </summary>
public interface IWorkflowDefinitionValidator
{
    /// <summary>Returns every problem found; an empty list means the definition may be stored.</summary>
    IReadOnlyList<ValidationError> Validate(WorkflowDefinition definition);
}
