using Agent.Activities.Discovery.Analysis;
using Agent.Activities.Goals;

namespace Agent.Activities.Discovery;

/// <summary>
/// Compares the capabilities needed (goals, open gaps, failed runs) with the capability map and ranks the missing ones
/// (<see cref="CapabilityGapAnalyzer"/>). Outcome <c>Found</c> when at least one capability gap is ranked, else <c>None</c>.
/// </summary>
[Activity("Agent", "Capability discovery", "Compares needed capabilities with the capability map and ranks the gaps by impact over cost.", DisplayName = "Analyze Capability Gaps")]
[FlowNode(FoundOutcome, NoneOutcome)]
public sealed class AnalyzeCapabilityGaps : IActivity
{
    /// <summary>At least one capability gap.</summary>
    public const string FoundOutcome = "Found";

    /// <summary>Every need is met.</summary>
    public const string NoneOutcome = "None";

    /// <summary>The repository whose goals and open gaps declare needs.</summary>
    [Input(Description = "Optional: the repository whose goals (needs) and latest snapshot (open gaps) are read.", Order = 0)]
    public Input<string?> TargetPath { get; set; } = null!;

    /// <summary>The ranked gaps.</summary>
    [Output(Description = "Capability gaps, highest priority first: capability, description, evidence, goals, openGaps, failedRuns, impact, cost, priority, reasons.")]
    public Output<List<object>> Gaps { get; set; } = null!;

    /// <summary>The highest-priority gap, or null.</summary>
    [Output(Description = "The highest-priority capability gap, or null (the place where an integration step picks up).")]
    public Output<object?> TopGap { get; set; } = null!;

    /// <summary>Provided capabilities.</summary>
    [Output(Description = "Capabilities the agent has (built-in tools and present mapped tools).")]
    public Output<List<string>> Provided { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var target = context.Get(TargetPath);
        CapabilityGapReport report;
        try
        {
            report = await context.GetRequiredService<CapabilityGapAnalyzer>().AnalyzeAsync(string.IsNullOrWhiteSpace(target) ? null : target, context.CancellationToken);
        }
        catch (Exception e) when (e is GoalsFileException or CapabilityTaxonomyException)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", "discovery-invalid-config");
        }
        context.Set(Gaps, report.Gaps.Cast<object>().ToList());
        context.Set(TopGap, report.Gaps.Count > 0 ? report.Gaps[0] : null);
        context.Set(Provided, report.Provided.ToList());
        context.Complete(report.Gaps.Count > 0 ? FoundOutcome : NoneOutcome);
    }
}
