using Agent.Workflows.Activities.Composition;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Looping;

/// <summary>
/// Schedules <see cref="Body"/> for every item at once (Elsa's <c>ParallelForEach</c>) and completes when all have
/// completed. Each branch has its own <c>CurrentValue</c>/<c>CurrentIndex</c>, outputs and bookmarks, so a branch
/// that waits on an event does not hold up the others.
/// </summary>
[Activity("Elsa", "Looping", "Schedule an activity for each item in parallel.", DisplayName = "Parallel For Each")]
public sealed class ParallelForEach : ICompositeActivity, IValidatingActivity
{
    /// <summary>The values to iterate.</summary>
    [Input(Description = "The items to iterate through.", DefaultSyntax = "JavaScript")]
    public Input<object> Items { get; set; } = null!;

    /// <summary>The activity run for each item.</summary>
    [Port]
    public ActivityNode? Body { get; set; }

    /// <inheritdoc />
    public IEnumerable<(string Input, string Problem)> Validate() => LoopItems.ValidateLiteral(Items);

    /// <inheritdoc />
    public IEnumerable<EmbeddedChild> GetChildren(ActivityNode node) => Body is null ? [] : [new("body", Body)];

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var items = LoopItems.Read(context, Items);
        if (Body is null || items.Count == 0) { context.Complete(); return ValueTask.CompletedTask; }
        for (var i = 0; i < items.Count; i++)
            context.ScheduleChild(Body, LoopVariables.For(i, items[i]), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ChildCounter.Start(context, items.Count);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion completion)
    {
        ChildCounter.CompleteOne(context);
        return ValueTask.CompletedTask;
    }
}
