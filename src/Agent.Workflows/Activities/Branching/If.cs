using Agent.Workflows.Activities.Composition;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Branching;

/// <summary>
/// Runs <see cref="Then"/> when <see cref="Condition"/> holds, else <see cref="Else"/>, and completes with <c>Done</c> once
/// that branch has completed (Elsa's <c>If</c>; <c>Elsa.FlowDecision</c> is the flowchart version with True/False ports).
/// </summary>
[Activity("Elsa", "Branching", "Evaluate a Boolean condition to determine which activity to execute next.")]
public sealed class If : ICompositeActivity
{
    /// <summary>The condition.</summary>
    [Input(Description = "The condition to evaluate.", DefaultValue = false, DefaultSyntax = "JavaScript", UIHint = "SingleLine")]
    public Input<bool> Condition { get; set; } = null!;

    /// <summary>Run when the condition holds.</summary>
    [Port]
    public ActivityNode? Then { get; set; }

    /// <summary>Run when it does not.</summary>
    [Port]
    public ActivityNode? Else { get; set; }

    /// <summary>The condition's value.</summary>
    [Output(Description = "The value of the condition.")]
    public Output<bool>? Result { get; set; }

    /// <inheritdoc />
    public IEnumerable<EmbeddedChild> GetChildren(ActivityNode node)
    {
        if (Then is not null) yield return new("then", Then);
        if (Else is not null) yield return new("else", Else);
    }

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var result = context.Get(Condition);
        context.Set(Result, result);
        if ((result ? Then : Else) is { } branch) context.ScheduleChild(branch, null, result ? "Then" : "Else");
        else context.Complete();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion completion)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
