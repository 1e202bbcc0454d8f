namespace Agent.Activities;

/// <summary>Reads the inputs an activity cannot do without, faulting with what to bind when one is empty at run time.</summary>
public static class ActivityInputs
{
    /// <summary>The fault code of a missing or ill-shaped input.</summary>
    public const string InvalidInputCode = "cycle-invalid-input";

    /// <summary>The value of <paramref name="input"/>; a missing or null value faults naming the activity, the input and <paramref name="bindTo"/>.</summary>
    /// <exception cref="WorkflowFaultException">The input is empty.</exception>
    public static T Require<T>(this ActivityExecutionContext context, Input<T> input, string bindTo)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return context.Get(input) is { } value
            ? value
            : throw new WorkflowFaultException($"{context.ActivityId}: input '{input.Name}' is empty; bind it to {bindTo}.", ActivityInputs.InvalidInputCode);
    }
}
