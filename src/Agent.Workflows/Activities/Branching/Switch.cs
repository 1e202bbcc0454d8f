using System.Text.Json.Serialization;
using Agent.Workflows.Activities.Composition;
using Agent.Workflows.Activities.Flow;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Branching;

/// <summary>
/// Evaluates its cases in order and runs the activity of the first that holds (<c>MatchFirst</c>) or of every one that
/// holds (<c>MatchAny</c>, side by side), else <see cref="Default"/>; completes with <c>Done</c> when the scheduled
/// activities have completed (Elsa's <c>Switch</c>; <c>Elsa.FlowSwitch</c> is the flowchart version with a port per case).
/// </summary>
[Activity("Elsa", "Branching", "Evaluate a set of case conditions and schedule the activity for a matching case.")]
public sealed class Switch : ICompositeActivity
{
    /// <summary>The cases, each a label, a condition and the activity to run.</summary>
    [Input(Description = "The cases to evaluate.", UIHint = "switch-editor")]
    public List<ActivitySwitchCase> Cases { get; set; } = [];

    /// <summary>First match only, or every match.</summary>
    [Input(Description = "The switch mode determines whether the first match should be scheduled, or all matches.",
        Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst")]
    public Input<SwitchMode> Mode { get; set; } = null!;

    /// <summary>Run when no case holds.</summary>
    [Port]
    public ActivityNode? Default { get; set; }

    /// <inheritdoc />
    public IEnumerable<EmbeddedChild> GetChildren(ActivityNode node)
    {
        for (var i = 0; i < Cases.Count; i++)
            if (Cases[i].Activity is { } activity) yield return new($"cases[{i}].activity", activity);
        if (Default is not null) yield return new("default", Default);
    }

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var matchAny = context.Get(Mode) == SwitchMode.MatchAny;
        var matched = new List<ActivitySwitchCase>();
        foreach (var c in Cases)
        {
            if (context.Evaluate<bool?>(c.Condition) != true) continue;
            matched.Add(c);
            if (!matchAny) break;
        }
        var scheduled = 0L;
        foreach (var c in matched)
            if (c.Activity is { } activity) { context.ScheduleChild(activity, null, c.Label); scheduled++; }
        if (matched.Count == 0 && Default is not null) { context.ScheduleChild(Default, null, "Default"); scheduled++; }
        if (scheduled == 0) context.Complete();
        else ChildCounter.Start(context, scheduled);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion completion)
    {
        ChildCounter.CompleteOne(context);
        return ValueTask.CompletedTask;
    }
}

/// <summary>One case of an <see cref="Switch"/>: a label, a condition and the activity run when it holds.</summary>
public sealed record ActivitySwitchCase
{
    /// <summary>The case's name, shown in the designer and used as the child's tag.</summary>
    public string Label { get; init; } = "";

    /// <summary>The condition (any expression syntax); a case without one never holds.</summary>
    public ExpressionModel? Condition { get; init; }

    /// <summary>The activity to run.</summary>
    public ActivityNode? Activity { get; init; }

    /// <summary>Fields Elsa writes that the engine does not read, kept so a save round-trips them.</summary>
    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Extra { get; init; }
}
