namespace Agent.Activities.Cycle;

/// <summary>How a cycle ended, as <see cref="EndCycle"/> records it in the workflow variable <c>ending</c>.</summary>
/// <param name="Outcome">One of <see cref="CycleOutcomes.All"/>.</param>
/// <param name="LearnAs">How Learn records the attempt (one of <see cref="Learn.Outcomes"/>), or empty when there was no attempt.</param>
/// <param name="Reason">Why, in one line.</param>
public sealed record CycleEnding(string Outcome, string LearnAs, string Reason);

/// <summary>The outcomes a cycle can end with.</summary>
public static class CycleOutcomes
{
    /// <summary>Every outcome, in the order the designer lists them.</summary>
    public static IReadOnlyList<string> All { get; } = ["merged", "reverted", "rejected", "discarded", "unmeasured", "assessed", "no-gap", "refused", "failed"];
}

/// <summary>
/// Records how the cycle ended — its outcome, how Learn is to record the attempt, and why — as its output
/// <c>ending</c>, which the definition captures into the variable <c>ending</c> for the steps after it (Learn, the
/// summary). One typed step per ending instead of an object literal in a script, so the designer shows each ending's
/// outcome as a choice.
/// </summary>
[Activity("Agent", "Improvement cycle", "Records how the cycle ended: its outcome, how the attempt is learned, and why.", DisplayName = "End Cycle")]
public sealed class EndCycle : IActivity
{
    /// <summary>The outcome.</summary>
    [Input(Description = "How the cycle ended.", UIHint = "Dropdown", Options = ["merged", "reverted", "rejected", "discarded", "unmeasured", "assessed", "no-gap", "refused", "failed"], Order = 0)]
    [Required]
    public Input<string> Outcome { get; set; } = null!;

    /// <summary>How the attempt is learned.</summary>
    [Input(Description = "How Learn records the attempt: accepted, rejected, rolled-back, failed, unmeasured, or none (no attempt was made).",
        UIHint = "Dropdown", Options = ["none", "accepted", "rejected", "rolled-back", "failed", "unmeasured"], DefaultValue = "none", Order = 1)]
    public Input<string> LearnAs { get; set; } = null!;

    /// <summary>Why.</summary>
    [Input(Description = "Why it ended so, in one line.", UIHint = "MultiLine", Order = 2)]
    [Required]
    public Input<string> Reason { get; set; } = null!;

    /// <summary>The ending.</summary>
    [Output(Description = "outcome, learnAs, reason (also the workflow variable 'ending').")]
    public Output<CycleEnding> Ending { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var outcome = (context.Get(Outcome) ?? "").Trim();
        if (!CycleOutcomes.All.Contains(outcome))
            throw new WorkflowFaultException($"{context.ActivityId}: outcome '{outcome}' is not known; use one of {string.Join(", ", CycleOutcomes.All)}.", ActivityInputs.InvalidInputCode);
        var learnAs = (context.Get(LearnAs) ?? "none").Trim();
        if (learnAs == "none") learnAs = "";
        if (learnAs.Length > 0 && !Learn.Outcomes.Contains(learnAs))
            throw new WorkflowFaultException($"{context.ActivityId}: learnAs '{learnAs}' is not known; use none or one of {string.Join(", ", Learn.Outcomes)}.", ActivityInputs.InvalidInputCode);
        var ending = new CycleEnding(outcome, learnAs, context.Get(Reason) ?? "");
        context.Set(Ending, ending);
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
