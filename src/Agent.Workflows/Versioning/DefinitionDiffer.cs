using Agent.Workflows.Model;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Computes the structural difference between two versions of a workflow definition: what was added,
/// removed or changed among activities, connections, variables and definition-level settings, with
/// designer-only (layout) changes kept apart so they never read as behavioural.
/// </summary>
public static class DefinitionDiffer
{
    /// <summary>
    /// Compares <paramref name="from"/> (the older version) with <paramref name="to"/> (the newer one).
    /// JSON values are compared semantically: property order, whitespace and number spelling do not matter.
    /// </summary>
    /// <param name="from">The version compared against.</param>
    /// <param name="to">The version whose changes are reported.</param>
    /// <returns>The difference, with every list in a stable order.</returns>
    public static DefinitionDiff Compare(WorkflowDefinition from, WorkflowDefinition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var diff = new DiffBuilder();
        DefinitionPropertyDiffer.Compare(from, to, diff);
        ActivityTreeDiffer.Compare(from.Root ?? ActivityNode.EmptyFlowchart(), to.Root ?? ActivityNode.EmptyFlowchart(), diff);
        VariableDiffer.Compare(from.Variables, to.Variables, diff);
        var definitionId = string.IsNullOrEmpty(to.DefinitionId) ? from.DefinitionId : to.DefinitionId;
        return diff.Build(definitionId, to.Name ?? from.Name, from.Version, to.Version);
    }
}
