using Agent.Workflows.Activities.Composition;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Looping;

/// <summary>
/// Runs <see cref="Body"/> once per item, one after the other (Elsa's <c>ForEach</c>). Each iteration sees the item as
/// the variable <c>CurrentValue</c> (<c>getCurrentValue()</c> in JavaScript) and its index as <c>CurrentIndex</c>; the
/// items are read once, when the loop starts.
/// </summary>
[Activity("Elsa", "Looping", "Iterate over a set of values.", DisplayName = "For Each")]
public sealed class ForEach : ILoopActivity, IValidatingActivity
{
    private const string ItemsProperty = "Items";
    private const string IndexProperty = "CurrentIndex";

    /// <summary>The values to iterate.</summary>
    [Input(Description = "The set of values to iterate.", DefaultSyntax = "JavaScript")]
    public Input<object> Items { get; set; } = null!;

    /// <summary>The activity run for each item.</summary>
    [Port]
    public ActivityNode? Body { get; set; }

    /// <summary>The item of the current iteration.</summary>
    [Output(Description = "Assign the current value to the specified variable.")]
    public Output<object?>? CurrentValue { get; set; }

    /// <inheritdoc />
    public IEnumerable<(string Input, string Problem)> Validate() => LoopItems.ValidateLiteral(Items);

    /// <inheritdoc />
    public IEnumerable<EmbeddedChild> GetChildren(ActivityNode node) => Body is null ? [] : [new("body", Body)];

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.SetProperty(ItemsProperty, LoopItems.Read(context, Items));
        context.SetProperty(IndexProperty, 0L);
        Next(context);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion completion)
    {
        Next(context);
        return ValueTask.CompletedTask;
    }

    private void Next(ActivityExecutionContext context)
    {
        var items = context.GetProperty<List<object?>>(ItemsProperty) ?? [];
        var index = (int)context.GetProperty<long>(IndexProperty);
        if (index >= items.Count) { context.Complete(); return; }
        var item = items[index];
        context.Set(CurrentValue, item);
        context.SetProperty(IndexProperty, (long)index + 1);
        // Elsa sets CurrentValue for every item even without a body; without one there is nothing to wait for.
        if (Body is null) { Next(context); return; }
        context.ScheduleChild(Body, LoopVariables.For(index, item), index.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>The variables a loop gives each iteration of its body.</summary>
internal static class LoopVariables
{
    public static Dictionary<string, object?> For(long index, object? value) => new(StringComparer.Ordinal)
    {
        ["CurrentIndex"] = index,
        ["CurrentValue"] = value,
    };
}
