using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Composition;

/// <summary>
/// Ends the nearest workflow used as an activity with the given outcomes, which become that activity's outcomes; at the
/// top of a workflow it finishes the instance (Elsa's <c>Complete</c>).
/// </summary>
[Activity("Elsa", "Composition", "Signals the current composite activity to complete itself as a whole.")]
[TerminalNode]
public sealed class Complete : IActivity
{
    /// <summary>One outcome or a list of them; <c>Done</c> when empty.</summary>
    [Input(Description = "The outcome or set of outcomes to complete this activity with.", UIHint = "outcome-picker", DefaultSyntax = "Object")]
    public Input<object> Outcomes { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.CompleteComposite(Interpret(context.Get(Outcomes)));
        return ValueTask.CompletedTask;
    }

    private static string[] Interpret(object? value) => value switch
    {
        string { Length: > 0 } text when text.TrimStart().StartsWith('[')
            => Expressions.PlainValues.From(System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(text)) is List<object?> list ? Interpret(list) : [text],
        string { Length: > 0 } text => [text],
        List<object?> { Count: > 0 } list => [.. list.Select(o => Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture) ?? "")],
        _ => ["Done"],
    };
}
