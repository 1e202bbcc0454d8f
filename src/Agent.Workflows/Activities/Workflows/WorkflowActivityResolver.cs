using System.Text.Json;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// Decides, when a definition is compiled, which version a workflow activity runs and whether it may: the definition
/// must exist and be published (and, when the node names it by type only, be usable as an activity), and no definition
/// may call itself through others.
/// </summary>
internal sealed class WorkflowActivityResolver(WorkflowActivityCatalog catalog)
{
    /// <summary>
    /// The version <paramref name="node"/> runs (Elsa's rule: the version id it names, else its version number, else the
    /// published version), or null with <paramref name="problem"/> saying why it cannot run.
    /// </summary>
    /// <param name="node">The workflow activity's node.</param>
    /// <param name="definitionId">The definition it uses.</param>
    /// <param name="enclosing">The definitions the node stands in, outermost first: the one compiled, then each workflow activity around the node.</param>
    /// <param name="strict">
    /// True when a definition is stored: the workflow must be published and usable as an activity. False when an instance
    /// runs: the version it names is used even when retracted since (Elsa's fallbacks), so running instances go on.
    /// </param>
    /// <param name="problem">Why the node cannot run, or null.</param>
    public WorkflowDefinition? Resolve(ActivityNode node, string definitionId, IReadOnlyList<string> enclosing, bool strict, out string? problem)
    {
        var who = $"Activity '{node.Id}' ({node.Type})";
        problem = FindCycle(node, definitionId, enclosing);
        if (problem is not null) return null;
        if (!catalog.Exists(definitionId))
        {
            problem = $"{who} uses workflow definition '{definitionId}', which does not exist; create or import it, publish it with 'Usable as activity' on, or remove the activity.";
            return null;
        }
        var versionId = node.TryGetProperty("workflowDefinitionVersionId", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (!strict) return catalog.ResolveVersion(definitionId, versionId, node.Version, lenient: true);
        var published = catalog.FindPublished(definitionId);
        if (published is null)
        {
            problem = $"{who} uses workflow definition '{definitionId}', which has no published version; publish it (with 'Usable as activity' on) or remove the activity.";
            return null;
        }
        // A node that names the definition by id runs it as Elsa does, usable as an activity or not (Elsa's own
        // dependency scenarios rely on it); only a node known by its type alone needs the type, which only usable
        // definitions get.
        var namedById = node.TryGetProperty("workflowDefinitionId", out _);
        if (!WorkflowActivityTypes.IsUsableAsActivity(published) && !namedById)
        {
            problem = $"{who} uses workflow definition '{definitionId}', which is not usable as an activity; turn on 'Usable as activity' (options.usableAsActivity) in its settings and publish it again.";
            return null;
        }
        var resolved = catalog.ResolveVersion(definitionId, versionId, node.Version, requireUsable: !namedById);
        if (resolved is null)
            problem = $"{who} uses workflow definition '{definitionId}', but found no version of it that may run; publish it (with 'Usable as activity' on) or remove the activity.";
        return resolved;
    }

    /// <summary>
    /// Says what cycle calling <paramref name="target"/> from <paramref name="node"/> closes, or null: the target is one of
    /// the enclosing definitions, or its published version leads back to one through workflow activities and literal
    /// ExecuteWorkflow/DispatchWorkflow calls.
    /// </summary>
    public string? FindCycle(ActivityNode node, string target, IReadOnlyList<string> enclosing)
    {
        var inside = enclosing.ToList();
        var at = inside.IndexOf(target);
        IReadOnlyList<string>? cycle = at >= 0 ? [.. inside.Skip(at), target] : null;
        if (cycle is null)
            foreach (var outer in inside)
                if (WorkflowReferences.FindPath(target, outer, catalog.ReferencesOf) is { } back) { cycle = [.. inside.Skip(inside.IndexOf(outer)), .. back]; break; }
        return cycle is null ? null
            : $"Activity '{node.Id}' ({node.Type}) calls workflow definition '{target}', which closes a cycle of definitions calling each other ({string.Join(" → ", cycle)}); "
              + "a workflow cannot run itself, directly or through others. Remove one of the calls.";
    }
}
