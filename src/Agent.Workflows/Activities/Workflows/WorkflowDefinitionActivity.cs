using Agent.Workflows.Activities.Composition;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// A workflow definition used as an activity (Elsa's <c>WorkflowDefinitionActivity</c>). It runs inline, in the same
/// instance: a composite whose one child is the definition's root flowchart, compiled under ids prefixed with this node's
/// id. Its inputs are evaluated where it stands and read inside with <c>getInput</c>; outputs captured inside under a
/// declared output's name become its outputs; <c>Elsa.Complete</c> inside ends it with the outcomes it names.
/// </summary>
public sealed class WorkflowDefinitionActivity : IWorkflowScopeActivity, IDynamicOutcomes
{
    /// <summary>The definition id of the workflow the node uses.</summary>
    public required string DefinitionId { get; init; }

    /// <summary>The definition version that runs, chosen when the parent is compiled.</summary>
    public WorkflowDefinition? Definition { get; internal set; }

    /// <summary>The definition's root flowchart with every id prefixed by the node's id, set when the parent is compiled.</summary>
    internal ActivityNode? Root { get; set; }

    /// <inheritdoc />
    public IEnumerable<EmbeddedChild> GetChildren(ActivityNode node) => Root is null ? [] : [new("root", Root)];

    /// <inheritdoc />
    public IEnumerable<string> GetOutcomes() => ["Done"];

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var frame = context.OwnFrame ?? throw new InvalidOperationException($"Workflow activity '{context.ActivityId}' runs without its frame.");
        var input = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var declared in Definition?.Inputs ?? [])
        {
            var expression = context.Node.GetInput(WorkflowActivityTypes.PropertyName(declared.Name))?.Expression;
            if (expression is not null) input[declared.Name] = Expressions.ValueConverter.ToPlain(context.Evaluate<object?>(expression));
        }
        frame.Input = input;
        frame.Output = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (Root is null) context.Complete();
        else context.ScheduleChild(Root, null, null);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion completion)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnCompletingAsync(ActivityExecutionContext context)
    {
        var captured = context.OwnFrame?.Output;
        foreach (var declared in Definition?.Outputs ?? [])
        {
            var name = WorkflowActivityTypes.PropertyName(declared.Name);
            var output = new Output<object?>(name, MemoryReference(context.Node, name));
            context.Set(output, captured is not null && captured.TryGetValue(declared.Name, out var value) ? value : null);
        }
        return ValueTask.CompletedTask;
    }

    // The variable the parent captures an output into: {"memoryReference": {"id": "…"}} under the output's name.
    private static string? MemoryReference(ActivityNode node, string outputName) =>
        node.TryGetProperty(outputName, out var raw) && raw.ValueKind == System.Text.Json.JsonValueKind.Object
        && raw.TryGetProperty("memoryReference", out var mr) && mr.ValueKind == System.Text.Json.JsonValueKind.Object
        && mr.TryGetProperty("id", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString() : null;
}
