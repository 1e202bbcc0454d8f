using Agent.Activities.Goals;

namespace Agent.Activities.Safety.Decisions;

/// <summary>
/// Stay within the stated goals: the change's gap belongs to a declared goal (its metric is one of that goal's targets),
/// and no goal's metric got worse from before to after the change (a higher value is better for an "at least" target,
/// lower for "at most"). A regression escalates or denies per <see cref="DecisionsOptions.GoalRegression"/>.
/// </summary>
public sealed class WithinGoalsChecker(GoalsFileReader goals, Microsoft.Extensions.Options.IOptions<DecisionsOptions> options) : IPrincipleChecker
{
    private const double Tolerance = 1e-9;

    /// <inheritdoc />
    public string Principle => PrincipleIds.WithinGoals;

    /// <inheritdoc />
    public async Task<PrincipleResult> CheckAsync(DecisionSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Gap is null) return PrincipleResult.Pass(Principle, $"a {subject.Kind} decision is not made for a gap");
        GoalTree tree;
        try { tree = await goals.LoadAsync(subject.TargetRepository, cancellationToken).ConfigureAwait(false); }
        catch (GoalsFileException e) { return PrincipleResult.Unknown(Principle, $"the goals cannot be read: {e.Message}"); }
        var gap = subject.Gap;
        var goal = tree.AllGoals().FirstOrDefault(g => g.Id == gap.GoalId);
        if (goal is null || goal.Targets.All(t => t.Metric != gap.Metric))
            return PrincipleResult.Fail(Principle, DecisionOutcome.Escalate, $"gap '{gap.Key}' ({gap.Metric}) serves no declared goal in {tree.Source} (goal '{gap.GoalId}' {(goal is null ? "does not exist" : "has no target on " + gap.Metric)})");
        var serves = $"gap '{gap.Key}' serves goal '{goal.Id}' ({goal.Title}) via {gap.Target}";
        if (subject.MetricsBefore is null || subject.MetricsAfter is null) return PrincipleResult.Pass(Principle, serves, "no before/after metrics to compare");
        var regressions = Regressions(tree, subject.MetricsBefore, subject.MetricsAfter).ToList();
        return regressions.Count > 0
            ? PrincipleResult.Fail(Principle, options.Value.GoalRegression, [serves, .. regressions])
            : PrincipleResult.Pass(Principle, serves, "no goal metric got worse");
    }

    /// <summary>Each goal target whose metric is worse after than before, e.g. <c>goal 'docs' regresses: docs.public-api-percent 80 → 70 (target ≥ 90)</c>.</summary>
    public static IEnumerable<string> Regressions(GoalTree tree, IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after)
    {
        ArgumentNullException.ThrowIfNull(tree);
        foreach (var goal in tree.AllGoals())
        foreach (var target in goal.Targets)
        {
            if (!before.TryGetValue(target.Metric, out var was) || !after.TryGetValue(target.Metric, out var now)) continue;
            var worse = target.Comparison == TargetComparison.AtLeast ? now < was - Tolerance : now > was + Tolerance;
            if (worse) yield return $"goal '{goal.Id}' regresses: {target.Metric} {was:0.##} → {now:0.##} (target {target})";
        }
    }
}
