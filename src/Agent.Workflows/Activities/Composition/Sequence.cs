using Agent.Workflows.Execution;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Composition;

/// <summary>
/// Runs its activities one after the other (Elsa's <c>Sequence</c>) and completes after the last, or as soon as a
/// terminal activity (<c>Elsa.End</c>, <c>Elsa.Break</c>…) completes. Variables it declares live as long as it runs.
/// </summary>
[Activity("Elsa", "Workflows", "Execute a set of activities in sequence.")]
[System.ComponentModel.Browsable(false)]
public sealed class Sequence : ICompositeActivity
{
    private const string IndexProperty = "CurrentIndex";

    /// <inheritdoc />
    public IEnumerable<EmbeddedChild> GetChildren(ActivityNode node) =>
        (node.Activities ?? []).Select((a, i) => new EmbeddedChild($"activities[{i}]", a));

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        Next(context);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion completion)
    {
        if (completion.IsTerminal) context.Complete();
        else Next(context);
        return ValueTask.CompletedTask;
    }

    private static void Next(ActivityExecutionContext context)
    {
        var children = context.Node.Activities ?? [];
        var index = (int)context.GetProperty<long>(IndexProperty);
        if (index >= children.Count) { context.Complete(); return; }
        context.SetProperty(IndexProperty, (long)index + 1);
        context.ScheduleChild(children[index], null, null);
    }
}

/// <summary>Runs all its activities side by side (Elsa's <c>Parallel</c>) and completes when every one has completed.</summary>
[Activity("Elsa", "Workflows", "Execute a set of activities in parallel.")]
[System.ComponentModel.Browsable(false)]
public sealed class Parallel : ICompositeActivity
{
    /// <inheritdoc />
    public IEnumerable<EmbeddedChild> GetChildren(ActivityNode node) =>
        (node.Activities ?? []).Select((a, i) => new EmbeddedChild($"activities[{i}]", a));

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var children = context.Node.Activities ?? [];
        if (children.Count == 0) { context.Complete(); return ValueTask.CompletedTask; }
        foreach (var child in children) context.ScheduleChild(child, null, null);
        ChildCounter.Start(context, children.Count);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion completion)
    {
        ChildCounter.CompleteOne(context);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Runs its <see cref="Body"/> and completes with <c>Done</c> when the body has completed (Elsa's <c>FlowNode</c>, shown as "Container").</summary>
[Activity("Elsa", "Flow", "A simple container that executes the specified activity.", DisplayName = "Container")]
public sealed class FlowNode : ICompositeActivity
{
    /// <summary>The activity to run.</summary>
    [Port]
    public ActivityNode? Body { get; set; }

    /// <inheritdoc />
    public IEnumerable<EmbeddedChild> GetChildren(ActivityNode node) => Body is null ? [] : [new("body", Body)];

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (Body is null) context.Complete();
        else context.ScheduleChild(Body, null, null);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion completion)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
