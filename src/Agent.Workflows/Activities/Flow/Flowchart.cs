using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Flow;

/// <summary>
/// The container of activities and connections. The runner executes flowcharts itself (see TokenFlow);
/// this class exists so the designer gets a descriptor for it.
/// </summary>
[Activity("Elsa", "Flow", "A flowchart of activities joined by connections.", Kind = ActivityKind.Action)]
[System.ComponentModel.Browsable(false)]
public sealed class Flowchart : IContainerActivity
{
    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context) =>
        throw new NotSupportedException("A flowchart is executed by the runner, not as an activity.");
}

/// <summary>Marks where the flowchart begins.</summary>
[Activity("Elsa", "Flow", "Where the flowchart begins.")]
[StartNode]
public sealed class Start : IActivity
{
    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context) { context.Complete(); return ValueTask.CompletedTask; }
}

/// <summary>Ends the flowchart: pending branches and bookmarks are dropped.</summary>
[Activity("Elsa", "Flow", "Ends the flowchart; other pending branches are dropped.")]
[TerminalNode, FlowNode]
public sealed class End : IActivity
{
    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context) { context.EndFlowchart(); return ValueTask.CompletedTask; }
}

/// <summary>Finishes the workflow instance at once.</summary>
[Activity("Elsa", "Primitives", "Finishes the workflow instance, dropping every pending branch and bookmark.")]
[TerminalNode, FlowNode]
public sealed class Finish : IActivity
{
    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context) { context.FinishWorkflow(); return ValueTask.CompletedTask; }
}
