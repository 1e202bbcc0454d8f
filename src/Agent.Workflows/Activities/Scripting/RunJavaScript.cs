using System.Text.Json;
using Agent.Workflows.Execution;
using Agent.Workflows.Expressions;
using Agent.Workflows.Expressions.JavaScript;

namespace Agent.Workflows.Activities.Scripting;

/// <summary>
/// Runs a JavaScript script in the same sandbox as JavaScript expressions (Elsa's <c>RunJavaScript</c>): its last value is
/// the <c>result</c> output; <c>setOutcome(name)</c> / <c>setOutcomes([names])</c> choose the ports it completes with
/// (<c>Done</c> when it calls neither), which must be among its <c>possibleOutcomes</c>.
/// </summary>
[Activity("Elsa", "Scripting", "Executes JavaScript code", DisplayName = "Run JavaScript")]
[FlowNode("Done")]
public sealed class RunJavaScript : IActivity, IDynamicOutcomes
{
    /// <summary>The script (its text; the property panel edits it as code).</summary>
    [Input(Description = "The script to run.", UIHint = "code-editor", Order = 0)]
    public Input<string> Script { get; set; } = null!;

    /// <summary>The outcomes the script may choose with setOutcome; each becomes a port.</summary>
    [Input(Description = "A list of possible outcomes.", UIHint = "dynamic-outcomes", Order = 1)]
    public Input<List<string>> PossibleOutcomes { get; set; } = null!;

    /// <summary>The script's last value.</summary>
    [Output(Description = "The value the script ends with.")]
    public Output<object?>? Result { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> GetOutcomes()
    {
        // Ports are known when the definition is stored, so only a literal list names them (as in Elsa's designer).
        if (PossibleOutcomes?.Expression is not { Type: "Literal", Value: { } value }) return ["Done"];
        var list = value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? TryParse(text) : value.ValueKind == JsonValueKind.Array ? value : (JsonElement?)null;
        return list is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(e => e.ToString()).Where(o => o.Length > 0).Append("Done")
            : ["Done"];
    }

    private static JsonElement? TryParse(string text)
    {
        try { return JsonSerializer.Deserialize<JsonElement>(text); }
        catch (JsonException) { return null; }
    }

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var script = context.Get(Script);
        if (string.IsNullOrWhiteSpace(script)) { context.Complete(); return ValueTask.CompletedTask; }
        var evaluator = context.GetRequiredService<ExpressionEvaluatorRegistry>().TryGet("JavaScript", out var e) && e is JavaScriptExpressionEvaluator js
            ? js : throw new InvalidOperationException("The JavaScript evaluator is not registered; add the workflow engine with AddWorkflowEngine().");
        IReadOnlyList<string>? chosen = null;
        var result = evaluator.RunScript(script, context.Scope, outcomes => chosen = outcomes);
        if (result is not null) context.Set(Result, result);
        context.Complete(chosen is { Count: > 0 } ? [.. chosen] : ["Done"]);
        return ValueTask.CompletedTask;
    }
}
