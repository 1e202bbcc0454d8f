using Agent.Activities.Assessment;
using Agent.Activities.Learning.Metrics;

namespace Agent.Activities.Cycle;

/// <summary>
/// The agent's KPIs for AssessState, from the knowledge base (<see cref="KpiCalculator"/>), each headline figure also
/// stored as an agent metric (<c>kpi.*</c>), so <c>agent knowledge</c> and the dashboard can show how they move from
/// cycle to cycle. A KPI that is not defined yet (nothing accepted) is not stored.
/// </summary>
public sealed class LearningKpiSource(KpiCalculator calculator, MetricsStore metrics) : IAgentKpiSource
{
    /// <summary>The metric names the headline figures are stored under.</summary>
    public static IReadOnlyList<string> MetricNames { get; } =
        ["kpi.autonomy-rate", "kpi.improvements-per-day", "kpi.error-recovery-rate", "kpi.tokens-per-accepted", "kpi.usd-per-accepted"];

    /// <inheritdoc />
    public async Task<object?> MeasureAsync(CancellationToken cancellationToken)
    {
        var report = await calculator.ComputeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        double?[] values =
        [
            report.Autonomy.Rate, report.ImprovementVelocity.PerDay, report.ErrorRecovery.Rate,
            report.ResourceEfficiency.TokensPerAccepted, report.ResourceEfficiency.UsdPerAccepted,
        ];
        var defined = values.Select((value, i) => (Name: MetricNames[i], Value: value)).Where(p => p.Value is not null).Select(p => (p.Name, p.Value!.Value)).ToList();
        await metrics.RecordAllAsync(defined, MetricScopes.Agent, report.ComputedAt, cancellationToken: cancellationToken).ConfigureAwait(false);
        return report;
    }
}
