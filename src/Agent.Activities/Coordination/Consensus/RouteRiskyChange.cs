using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>
/// Where a risky single change (Validate's NeedsApproval) goes: to a human (<c>Human</c>, the default), or to reviewers
/// first (<c>ReviewersBeforeHuman</c>) or instead of a human (<c>ReviewersInsteadOfHuman</c>), by
/// <c>Coordination:Consensus:RiskyChanges</c>. A policy rule with effect <c>require-consensus</c> sends it to reviewers
/// before the human even when the option says <c>Human</c>.
/// </summary>
[Activity("Agent", "Consensus", "Routes a risky change to a human, or to reviewers before or instead of one (Coordination:Consensus:RiskyChanges, policy require-consensus).", DisplayName = "Route Risky Change")]
[FlowNode(nameof(RiskyChangeMode.Human), nameof(RiskyChangeMode.ReviewersBeforeHuman), nameof(RiskyChangeMode.ReviewersInsteadOfHuman))]
public sealed class RouteRiskyChange : IActivity
{
    /// <summary>The validation report.</summary>
    [Input(Description = "Validate's result (its policyEffect says whether a rule requires consensus).", Order = 0)]
    public Input<ValidationReport> Validation { get; set; } = null!;

    /// <summary>The route taken.</summary>
    [Output(Description = "Human, ReviewersBeforeHuman or ReviewersInsteadOfHuman.")]
    public Output<string> Mode { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var mode = Route(context.GetRequiredService<IOptions<ConsensusOptions>>().Value.RiskyChanges, context.Get(Validation)?.PolicyEffect);
        context.Set(Mode, mode.ToString());
        if (mode != RiskyChangeMode.Human) context.WriteLine($"risky change: reviewers {(mode == RiskyChangeMode.ReviewersBeforeHuman ? "before" : "instead of")} a human.");
        context.Complete(mode.ToString());
        return ValueTask.CompletedTask;
    }

    /// <summary>The route for <paramref name="configured"/> and the policy's <paramref name="policyEffect"/>.</summary>
    public static RiskyChangeMode Route(RiskyChangeMode configured, string? policyEffect) =>
        configured == RiskyChangeMode.Human && policyEffect == "require-consensus" ? RiskyChangeMode.ReviewersBeforeHuman : configured;
}
