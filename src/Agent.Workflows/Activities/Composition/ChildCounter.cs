using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Composition;

/// <summary>Counts the children a composite runs side by side (Parallel, ParallelForEach, Switch MatchAny), so it completes after the last.</summary>
internal static class ChildCounter
{
    private const string RemainingProperty = "Remaining";

    /// <summary>Records that <paramref name="count"/> children were scheduled.</summary>
    public static void Start(ActivityExecutionContext context, long count) => context.SetProperty(RemainingProperty, count);

    /// <summary>Counts one child as completed, and completes the composite when it was the last.</summary>
    public static void CompleteOne(ActivityExecutionContext context)
    {
        var remaining = context.GetProperty<long>(RemainingProperty) - 1;
        context.SetProperty(RemainingProperty, remaining);
        if (remaining <= 0) context.Complete();
    }
}
