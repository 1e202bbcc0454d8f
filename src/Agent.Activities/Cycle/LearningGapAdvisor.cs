using System.Globalization;
using Agent.Activities.Gaps;
using Agent.Activities.Learning.Patterns;

namespace Agent.Activities.Cycle;

/// <summary>
/// Ranks gaps with what the learning system mined (<see cref="IApproachAdvisor"/>): the cycle's approach for a task type
/// is its prompt template (<see cref="ApproachName"/>); when that approach is an anti-pattern for the task type the gap's
/// confidence drops (avoid it), when it is proven the confidence follows its success rate (prefer it). Untried task
/// types stay neutral.
/// </summary>
public sealed class LearningGapAdvisor(IApproachAdvisor approaches) : IGapAdvisor
{
    // An anti-pattern is not ruled out (the gap may still be the only one), only pushed far down the queue.
    private const double AntiPatternFactor = 0.1;

    /// <summary>The approach name the cycle records for a task type: its template, e.g. <c>template:fix-failing-test</c>.</summary>
    public static string ApproachName(string taskType) => $"template:{taskType}";

    /// <inheritdoc />
    public async ValueTask<GapAdvice> AdviseAsync(string targetPath, Gap gap, CancellationToken cancellationToken)
    {
        var advice = await approaches.ChooseAsync(gap.TaskType, [new Approach { Name = ApproachName(gap.TaskType) }], cancellationToken).ConfigureAwait(false);
        var ranked = advice.Ranking[0];
        return ranked.Standing switch
        {
            ApproachStanding.AntiPattern => new GapAdvice(AntiPatternFactor, 1,
                [$"anti-pattern: '{ranked.ApproachKey}' failed {ranked.Failures} times for {gap.TaskType} ({ranked.Successes} succeeded); try a different approach."]),
            // The smoothed success rate against the neutral 0.5: 2 × rate, so a proven 90 % raises confidence by 1.8.
            ApproachStanding.Proven => new GapAdvice(2 * ranked.Score, 1,
                [$"proven: '{ranked.ApproachKey}' succeeded {ranked.Successes} of {ranked.Successes + ranked.Failures} times for {gap.TaskType} (score {ranked.Score.ToString("0.00", CultureInfo.InvariantCulture)})."]),
            _ => GapAdvice.Neutral,
        };
    }
}
