using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Research;

namespace Agent.Activities.Cycle;

/// <summary>
/// Research notes from the learning system (<see cref="ILearningService.GetTaskContextAsync"/>): known errors matching
/// the gap's error excerpts with their solutions, and similar past attempts. The whole prompt block becomes one note,
/// so the Plan prompt carries it under its notes; the solutions it offers go with it, for Learn to score.
/// </summary>
public sealed class LearningResearchSource(ILearningService learning) : IResearchSource
{
    /// <inheritdoc />
    public string Name => "learning";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ResearchNote>> FindAsync(ResearchQuery query, CancellationToken cancellationToken)
    {
        var task = new LearningTask(query.Gap.GoalId, query.Gap.TaskType, query.Gap.Summary, query.Gap.Key, query.TargetPath);
        var errors = query.ErrorExcerpts.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => new ErrorObservation(e, "assessment")).ToList();
        var context = await learning.GetTaskContextAsync(task, errors, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(context.PromptBlock)) return [];
        var title = $"{context.ErrorMatches.Count} known error match(es), {context.Experiences.Count} similar attempt(s)";
        return [new ResearchNote(Name, title, context.PromptBlock.Trim(), context.OfferedSolutionIds)];
    }
}
