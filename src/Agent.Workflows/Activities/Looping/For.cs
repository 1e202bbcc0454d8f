using Agent.Workflows.Activities.Composition;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Looping;

/// <summary>
/// Counts from <see cref="Start"/> to <see cref="End"/> by <see cref="Step"/>, running <see cref="Body"/> for each value
/// (Elsa's <c>For</c>); the value is the iteration's <c>CurrentValue</c>. The bounds are read when the loop starts.
/// </summary>
[Activity("Elsa", "Looping", "Iterate over a sequence of steps between a start and an end number.")]
public sealed class For : ILoopActivity
{
    private const string CurrentStepProperty = "CurrentStep";

    /// <summary>The first value.</summary>
    [Input(Description = "The start step.", DefaultValue = 0, Order = 0)]
    public Input<int> Start { get; set; } = null!;

    /// <summary>The last value (or the bound, see <see cref="OuterBoundInclusive"/>).</summary>
    [Input(Description = "The end step.", DefaultValue = 0, Order = 1)]
    public Input<int> End { get; set; } = null!;

    /// <summary>The increment; negative to count down.</summary>
    [Input(Description = "The step size. To count down, enter a negative number.", DefaultValue = 1, Order = 2)]
    public Input<int> Step { get; set; } = null!;

    /// <summary>Whether <see cref="End"/> itself is run.</summary>
    [Input(Description = "Controls whether the end step is upper/lowerbound inclusive or exclusive. True (inclusive) by default.", DefaultValue = true, Order = 3)]
    public Input<bool> OuterBoundInclusive { get; set; } = null!;

    /// <summary>The activity run for each value.</summary>
    [Port]
    public ActivityNode? Body { get; set; }

    /// <summary>The value of the current iteration.</summary>
    [Output(Description = "The current value.")]
    public Output<object?>? CurrentValue { get; set; }

    /// <inheritdoc />
    public IEnumerable<EmbeddedChild> GetChildren(ActivityNode node) => Body is null ? [] : [new("body", Body)];

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var step = context.Get(Step);
        if (step == 0 && Body is not null)
            throw new WorkflowFaultException($"Activity '{context.ActivityId}' (Elsa.For) has step 0 and would never reach its end; give 'step' a positive or negative number.");
        context.SetProperty("Start", (long)context.Get(Start));
        context.SetProperty("End", (long)context.Get(End));
        context.SetProperty("Step", (long)step);
        context.SetProperty("Inclusive", context.Get(OuterBoundInclusive));
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
        var step = context.GetProperty<long>("Step");
        var end = context.GetProperty<long>("End");
        var inclusive = context.GetProperty<bool>("Inclusive");
        var current = context.GetProperty<long?>(CurrentStepProperty) is { } previous ? previous + step : context.GetProperty<long>("Start");
        var up = step >= 0;
        var loop = up ? (inclusive ? current <= end : current < end) : (inclusive ? current >= end : current > end);
        // Without a body Elsa completes at once, having run nothing.
        if (!loop || Body is null) { context.Complete(); return; }
        context.SetProperty(CurrentStepProperty, current);
        context.Set(CurrentValue, current);
        context.ScheduleChild(Body, new Dictionary<string, object?>(StringComparer.Ordinal) { ["CurrentValue"] = current },
            current.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
