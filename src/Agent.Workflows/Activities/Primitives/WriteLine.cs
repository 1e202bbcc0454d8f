using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Primitives;

/// <summary>Writes a line of text to the instance's output (and the console of <c>agent run</c>).</summary>
[Activity("Elsa", "Primitives", "Write a line of text to the output.")]
public sealed class WriteLine : IActivity
{
    /// <summary>The text to write.</summary>
    [Input(Description = "The text to write.")]
    public Input<string> Text { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.WriteLine(context.Get(Text) ?? "");
        return ValueTask.CompletedTask;
    }
}
