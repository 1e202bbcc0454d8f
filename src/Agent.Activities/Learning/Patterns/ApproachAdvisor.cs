using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning.Patterns;

/// <summary>What the planner asks: which of these approaches to take for a task type.</summary>
public interface IApproachAdvisor
{
    /// <summary>
    /// Ranks <paramref name="candidates"/> by their mined track record for <paramref name="taskType"/>: proven approaches
    /// (at least <see cref="LearningOptions.PatternSupportThreshold"/> attempts) by their smoothed success rate, untried or
    /// unproven ones at an even 0.5, and anti-patterns never. <see cref="ApproachAdvice.Chosen"/> is null only when every
    /// candidate is an anti-pattern.
    /// </summary>
    Task<ApproachAdvice> ChooseAsync(string taskType, IReadOnlyList<Approach> candidates, CancellationToken cancellationToken = default);
}

/// <summary>Where an approach stands for a task type.</summary>
public enum ApproachStanding
{
    /// <summary>Enough attempts to trust its record.</summary>
    Proven,
    /// <summary>Never tried, or fewer attempts than the support threshold: its record is ignored.</summary>
    Unproven,
    /// <summary>Keeps failing: never chosen.</summary>
    AntiPattern,
}

/// <summary>One candidate with its score and record.</summary>
public sealed record RankedApproach(Approach Approach, string ApproachKey, ApproachStanding Standing, double Score, int Successes, int Failures, double? MeanImprovement);

/// <summary>The advisor's answer: the chosen approach (or null), every candidate ranked best first, and why.</summary>
public sealed record ApproachAdvice(Approach? Chosen, IReadOnlyList<RankedApproach> Ranking, string Reason);

/// <summary>The <see cref="IApproachAdvisor"/> over the mined patterns table.</summary>
public sealed class ApproachAdvisor(KnowledgeDatabase database, IOptions<LearningOptions> options) : IApproachAdvisor
{
    private const double UnprovenScore = 0.5;

    /// <inheritdoc />
    public async Task<ApproachAdvice> ChooseAsync(string taskType, IReadOnlyList<Approach> candidates, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(taskType)) throw new LearningInputException("The task type is empty; give the kind of task, e.g. fix-build.");
        if (candidates is null || candidates.Count == 0) throw new LearningInputException("There are no candidate approaches to choose from; give at least one.");
        var keys = candidates.Select(ApproachKeys.For).ToList();
        var patterns = await database.ReadAsync(db => db.Patterns.Where(p => p.TaskType == taskType && keys.Contains(p.ApproachKey)).ToListAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        var byKey = patterns.ToDictionary(p => p.ApproachKey, StringComparer.Ordinal);
        var ranking = candidates
            .Select((c, i) => (Rank: Rank(c, keys[i], byKey.GetValueOrDefault(keys[i])), Index: i))
            .OrderByDescending(r => r.Rank.Score).ThenByDescending(r => r.Rank.MeanImprovement ?? double.MinValue).ThenBy(r => r.Index)
            .Select(r => r.Rank).ToList();
        var chosen = ranking.FirstOrDefault(r => r.Standing != ApproachStanding.AntiPattern);
        var avoided = ranking.Where(r => r.Standing == ApproachStanding.AntiPattern).Select(r => r.ApproachKey).ToList();
        var reason = chosen is null
            ? $"Every candidate is an anti-pattern for task type '{taskType}' ({string.Join(", ", avoided)}); plan a different approach."
            : $"Chose '{chosen.ApproachKey}' ({chosen.Standing}, score {chosen.Score:0.00}, {chosen.Successes} succeeded / {chosen.Failures} failed)" +
              (avoided.Count > 0 ? $"; avoided anti-patterns: {string.Join(", ", avoided)}." : ".");
        return new ApproachAdvice(chosen?.Approach, ranking, reason);
    }

    private RankedApproach Rank(Approach approach, string key, PatternRecord? p)
    {
        if (p is null) return new RankedApproach(approach, key, ApproachStanding.Unproven, UnprovenScore, 0, 0, null);
        if (p.IsAntiPattern) return new RankedApproach(approach, key, ApproachStanding.AntiPattern, 0, p.SuccessCount, p.FailureCount, p.MeanImprovement);
        var total = p.SuccessCount + p.FailureCount;
        return total < options.Value.PatternSupportThreshold
            ? new RankedApproach(approach, key, ApproachStanding.Unproven, UnprovenScore, p.SuccessCount, p.FailureCount, p.MeanImprovement)
            : new RankedApproach(approach, key, ApproachStanding.Proven, (p.SuccessCount + 1.0) / (total + 2.0), p.SuccessCount, p.FailureCount, p.MeanImprovement);
    }
}
