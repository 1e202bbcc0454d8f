using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Experiences;
using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning.Replay;

/// <summary>
/// Experience replay: for a new task, the matching errors with their solutions and the most similar past experiences
/// (with their errors and fixes) as a compact prompt block; and the periodic replay that proposes past failures again
/// when new knowledge exists for their errors.
/// </summary>
public sealed class ExperienceReplay(KnowledgeDatabase database, ErrorDatabase errors, IOptions<LearningOptions> options)
{
    /// <summary>Builds the <see cref="TaskContext"/> for <paramref name="task"/> and the errors it currently shows.</summary>
    public Task<TaskContext> BuildContextAsync(LearningTask task, IReadOnlyList<ErrorObservation> currentErrors, CancellationToken cancellationToken = default)
    {
        var normalized = currentErrors.Select(ErrorNormalizer.Normalize).ToList();
        return database.ReadAsync(async db =>
        {
            var matches = new List<ErrorMatch>();
            foreach (var n in normalized)
                foreach (var m in await errors.LookupAsync(db, n, cancellationToken).ConfigureAwait(false))
                    if (matches.All(x => x.Error.Id != m.Error.Id)) matches.Add(m);
            var query = string.Join('\n', new[] { task.Goal, task.Gap, task.TaskType, task.Description }.Where(s => !string.IsNullOrWhiteSpace(s))
                .Concat(normalized.Select(n => $"{n.Kind} {n.Message}")));
            var similar = await ExperienceStore.SimilarAsync(db, query, options.Value.ReplayTopK, cancellationToken).ConfigureAwait(false);
            var replayed = await ReplayAsync(db, similar, cancellationToken).ConfigureAwait(false);
            var offered = matches.SelectMany(m => m.Solutions).Select(s => s.Id).Concat(replayed.SelectMany(r => r.Solutions).Select(s => s.Id)).Distinct().ToList();
            return new TaskContext(matches, replayed, offered, PromptBlock.Format(matches, replayed));
        }, cancellationToken);
    }

    /// <summary>
    /// Past failures to try again: an experience that did not end accepted, one of whose errors has gained a solution that
    /// worked (created or confirmed after the failure), with no later accepted experience of the same task type and gap
    /// (or description, when there is no gap). Oldest failure first; one proposal per task.
    /// </summary>
    public Task<IReadOnlyList<ReplayProposal>> ProposeAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<ReplayProposal>>(async db =>
        {
            var failed = await db.Experiences.Where(e => e.Outcome != ExperienceOutcome.Accepted).ToListAsync(cancellationToken).ConfigureAwait(false);
            var accepted = await db.Experiences.Where(e => e.Outcome == ExperienceOutcome.Accepted)
                .Select(e => new { e.TaskType, e.Gap, e.Description, e.FinishedAt }).ToListAsync(cancellationToken).ConfigureAwait(false);
            var errorsOf = await ExperienceStore.ErrorsOfAsync(db, failed.Select(f => f.Id).ToList(), cancellationToken).ConfigureAwait(false);
            var errorIds = errorsOf.SelectMany(g => g.Select(x => x.Error.Id)).Distinct().ToList();
            var solutions = await ErrorDatabase.SolutionsAsync(db, errorIds, int.MaxValue, cancellationToken).ConfigureAwait(false);
            var proposals = new List<ReplayProposal>();
            var proposedTasks = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in failed.OrderBy(f => f.FinishedAt).ThenBy(f => f.Id, StringComparer.Ordinal))
            {
                var sameTask = TaskIdentity(f.TaskType, f.Gap, f.Description);
                if (accepted.Any(a => a.FinishedAt > f.FinishedAt && TaskIdentity(a.TaskType, a.Gap, a.Description) == sameTask)) continue;
                var fresh = errorsOf[f.Id].SelectMany(x => solutions.GetValueOrDefault(x.Error.Id) ?? [])
                    .Where(s => s.SuccessCount > 0 && s.ExperienceId != f.Id && s.CreatedAt > f.FinishedAt).ToList();
                if (fresh.Count == 0 || !proposedTasks.Add(sameTask)) continue;
                var reason = $"Failed at {f.FinishedAt:u} with {errorsOf[f.Id].Count()} error(s); {fresh.Count} solution(s) found since then worked elsewhere.";
                proposals.Add(new ReplayProposal(f.Id, new LearningTask(f.Goal, f.TaskType, f.Description, f.Gap), f.FinishedAt, fresh, reason));
            }
            return proposals;
        }, cancellationToken);

    private static string TaskIdentity(string taskType, string? gap, string description) => taskType + "\n" + (string.IsNullOrWhiteSpace(gap) ? description : gap);

    private static async Task<IReadOnlyList<ReplayedExperience>> ReplayAsync(KnowledgeDbContext db, IReadOnlyList<ExperienceRecord> similar, CancellationToken cancellationToken)
    {
        if (similar.Count == 0) return [];
        var errorsOf = await ExperienceStore.ErrorsOfAsync(db, similar.Select(s => s.Id).ToList(), cancellationToken).ConfigureAwait(false);
        var ids = similar.Select(s => s.Id).ToList();
        var found = await db.Solutions.Where(s => s.ExperienceId != null && ids.Contains(s.ExperienceId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return similar.Select(s => new ReplayedExperience(s,
            errorsOf[s.Id].Select(x => ErrorDatabase.ToKnown(x.Error)).ToList(),
            found.Where(x => x.ExperienceId == s.Id).Select(ErrorDatabase.ToKnown).ToList())).ToList();
    }
}
