using Agent.Activities.Goals;

namespace Agent.Activities.Discovery.Analysis;

/// <summary>Needs declared by goals: every tag in a goal's <c>needs</c> (checked against the taxonomy when the file is read).</summary>
public sealed class GoalNeedSource(GoalsFileReader reader) : ICapabilityNeedSource
{
    /// <inheritdoc />
    /// <exception cref="GoalsFileException">The goals file is invalid or needs an unknown capability.</exception>
    public async Task<IReadOnlyList<CapabilityNeed>> NeedsAsync(string? targetPath, CapabilityTaxonomy taxonomy, CancellationToken cancellationToken)
    {
        if (targetPath is null) return [];
        var goals = await reader.LoadAsync(targetPath, taxonomy.IsKnown, cancellationToken).ConfigureAwait(false);
        return [.. goals.AllGoals().SelectMany(goal => goal.Needs.Select(tag =>
            new CapabilityNeed(tag, NeedOrigin.Goal, goal.Id, $"goal '{goal.Id}' ({goal.Title}) lists {tag} in its needs ({goals.Source})")))];
    }
}
