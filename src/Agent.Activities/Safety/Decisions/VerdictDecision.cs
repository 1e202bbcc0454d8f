using Agent.Activities.Gaps;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;

namespace Agent.Activities.Safety.Decisions;

/// <summary>
/// Adds the merge decision to a validation verdict, for Validate and Check Gates alike: when the change passed every gate
/// and <see cref="MergeDecisions"/> is registered, the decision is made and recorded; a deny adds its reasons to the
/// failures (the change is rejected and discarded with them), an escalate adds them to the risk (approval required).
/// </summary>
public static class VerdictDecision
{
    /// <summary>Every figure of <paramref name="measurement"/> by its metric name, the core ones (tests, warnings) included.</summary>
    public static IReadOnlyDictionary<string, double> AllMetrics(Measurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var metrics = new Dictionary<string, double>(measurement.Metrics, StringComparer.Ordinal) { [Goals.MetricCatalog.BuildWarnings] = measurement.Warnings };
        if (measurement.HasBuild) metrics[Goals.MetricCatalog.BuildSucceeded] = measurement.BuildSucceeded ? 1 : 0;
        if (measurement.TestsMeasured)
        {
            metrics[Goals.MetricCatalog.TestsFailed] = measurement.TestsFailed;
            metrics[Goals.MetricCatalog.TestsPassed] = measurement.TestsPassed;
            metrics[Goals.MetricCatalog.TestsTotal] = measurement.TestsTotal;
        }
        return metrics;
    }

    /// <summary>The report of <paramref name="verdict"/> with the decision applied, and the decision (null when none was made).</summary>
    public static async Task<(ValidationReport Report, DecisionRecord? Decision)> ApplyAsync(ActivityExecutionContext context, TaskWorktree worktree, Gap gap, ChangeVerdict verdict,
        IReadOnlyDictionary<string, double> metricsBefore, IReadOnlyDictionary<string, double> metricsAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(verdict);
        var report = verdict.ToReport();
        if (verdict.Unmeasurable is not null || !verdict.Gates.Passed || context.GetService<MergeDecisions>() is not { } decisions) return (report, null);
        var decision = await decisions.DecideAsync(context.InstanceId, worktree, gap, verdict, metricsBefore, metricsAfter, context.CancellationToken).ConfigureAwait(false);
        var tag = $"decision {decision.Id[..8]}";
        context.WriteLine($"validate: {tag} ({decision.Kind}): {decision.OutcomeName}; {string.Join("; ", decision.Reasons)}");
        report = decision.Outcome switch
        {
            DecisionOutcome.Deny => report with { Passed = false, Failures = [.. report.Failures, .. decision.Reasons.Select(r => $"{tag} denies: {r}")] },
            DecisionOutcome.Escalate => report with { Risk = new RiskView(true, "high", [.. report.Risk?.Reasons ?? [], .. decision.Reasons.Select(r => $"{tag} escalates: {r}")]) },
            _ => report,
        };
        return (report with { Decision = DecisionView.From(decision) }, decision);
    }
}
