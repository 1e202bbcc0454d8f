using System.Text.Json.Serialization;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Flow;

/// <summary>How a switch picks cases.</summary>
public enum SwitchMode
{
    /// <summary>Continue on the first case whose condition holds.</summary>
    MatchFirst,
    /// <summary>Continue on every case whose condition holds.</summary>
    MatchAny,
}

/// <summary>Routes to the case(s) whose condition holds, or to <c>Default</c>.</summary>
[Activity("Elsa", "Branching", "Evaluates cases and continues on the matching one(s), else on Default.", DisplayName = "Switch (flow)")]
[FlowNode("Default")]
public sealed class FlowSwitch : IActivity, IDynamicOutcomes
{
    /// <summary>The cases, each a label and a condition.</summary>
    [Input(Description = "The cases to evaluate.", UIHint = "flow-switch-editor")]
    public List<SwitchCase> Cases { get; set; } = [];

    /// <summary>Whether to take the first match or every match.</summary>
    [Input(Description = "Match the first case that holds, or every case that holds.", Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst")]
    public Input<SwitchMode> Mode { get; set; } = null!;

    /// <inheritdoc />
    public IEnumerable<string> GetOutcomes() => Cases.Select(c => c.Label).Append("Default");

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var matchAny = context.Get(Mode) == SwitchMode.MatchAny;
        var matched = new List<string>();
        foreach (var c in Cases)
        {
            if (!context.Evaluate<bool>(c.Condition)) continue;
            matched.Add(c.Label);
            if (!matchAny) break;
        }
        context.Complete(matched.Count > 0 ? [.. matched] : ["Default"]);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A switch case: <c>{label, condition: {type, value}}</c>.</summary>
public sealed record SwitchCase
{
    /// <summary>The case's name, which is also the outcome port the switch continues on when the case matches.</summary>
    public string Label { get; init; } = "";

    /// <summary>A boolean expression; the case matches when it evaluates to true (a missing condition never matches).</summary>
    public ExpressionModel? Condition { get; init; }

    /// <summary>Any other field of the case as the Studio wrote it, kept so the definition round-trips.</summary>
    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Extra { get; init; }
}
