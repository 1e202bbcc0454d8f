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
    /// <summary>
    /// Builds the <see cref="TaskContext"/> for <paramref name="task"/> and the errors it currently shows. Only relevant
    /// knowledge is taken: stored errors with the same signature (from any repository) with their fixes; similar errors
    /// (similarity at least <see cref="LearningOptions.MinSimilarity"/>) only with fixes merged into the task's own
    /// repository for the same task type; past attempts that saw one of the same errors, or — in the same repository and
    /// of the same task type — whose description is similar enough. Each item carries its similarity and origin.
    /// </summary>
    public Task<TaskContext> BuildContextAsync(LearningTask task, IReadOnlyList<ErrorObservation> currentErrors, CancellationToken cancellationToken = default)
    {
        var normalized = currentErrors.Select(ErrorNormalizer.Normalize).ToList();
        var minSimilarity = options.Value.MinSimilarity;
        return database.ReadAsync(async db =>
        {
            var matches = new List<ErrorMatch>();
            foreach (var n in normalized)
                foreach (var m in await errors.LookupAsync(db, n, cancellationToken).ConfigureAwait(false))
                    if (matches.All(x => x.Error.Id != m.Error.Id)) matches.Add(m);
            matches = await RelevantMatchesAsync(db, matches, task, minSimilarity, cancellationToken).ConfigureAwait(false);

            var signatures = normalized.Select(n => n.Signature).ToHashSet(StringComparer.Ordinal);
            var query = string.Join('\n', new[] { task.Goal, task.Gap, task.TaskType, task.Description }.Where(s => !string.IsNullOrWhiteSpace(s))
                .Concat(normalized.Select(n => $"{n.Kind} {n.Message}")));
            // More candidates than shown: the relevance rules below drop most of what full-text rank finds elsewhere.
            var candidates = await ExperienceStore.SimilarAsync(db, query, options.Value.ReplayTopK * 5, cancellationToken).ConfigureAwait(false);
            var replayed = (await ReplayAsync(db, candidates, cancellationToken).ConfigureAwait(false))
                .Select(r => r with { Similarity = Similarity.Of(query, r.Experience.SearchText), SharesError = r.Errors.Any(e => signatures.Contains(e.Signature)) })
                .Where(r => r.SharesError || SameRepository(r.Experience.Repository, task.Repository) && r.Experience.TaskType == task.TaskType && r.Similarity >= minSimilarity)
                .OrderByDescending(r => r.SharesError).ThenByDescending(r => r.Similarity).ThenBy(r => r.Experience.Id, StringComparer.Ordinal)
                .Take(options.Value.ReplayTopK)
                .ToList();
            var offered = matches.SelectMany(m => m.Solutions).Select(s => s.Id).Concat(replayed.SelectMany(r => r.Solutions).Select(s => s.Id)).Distinct().ToList();
            return new TaskContext(matches, replayed, offered, PromptBlock.Format(matches, replayed));
        }, cancellationToken);
    }

    // Exact matches stay with all their fixes. A similar error is only a hint: it stays when it is similar enough and a
    // fix of it was merged into this repository for this task type; its other fixes are dropped.
    private static async Task<List<ErrorMatch>> RelevantMatchesAsync(KnowledgeDbContext db, List<ErrorMatch> matches, LearningTask task, double minSimilarity, CancellationToken cancellationToken)
    {
        var experienceIds = matches.Where(m => m.Kind != ErrorMatchKind.Exact).SelectMany(m => m.Solutions).Select(s => s.ExperienceId).OfType<string>().Distinct().ToList();
        var taskTypes = experienceIds.Count == 0 ? new Dictionary<string, string>()
            : await db.Experiences.Where(e => experienceIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.TaskType, cancellationToken).ConfigureAwait(false);
        var relevant = new List<ErrorMatch>();
        foreach (var m in matches)
        {
            if (m.Kind == ErrorMatchKind.Exact)
            {
                relevant.Add(m);
                continue;
            }
            if (m.Score < minSimilarity) continue;
            var local = m.Solutions.Where(s => SameRepository(s.Repository, task.Repository)
                && s.ExperienceId is { } id && taskTypes.GetValueOrDefault(id) == task.TaskType).ToList();
            if (local.Count > 0) relevant.Add(m with { Solutions = local });
        }
        return relevant;
    }

    private static bool SameRepository(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>
    /// Past failures to try again: an experience that did not end accepted, one of whose errors has gained a solution that
    /// worked (created or confirmed after the failure), with no later accepted experience of the same task type and gap
    /// (or description, when there is no gap). Oldest failure first; one proposal per task.
    /// </summary>
    public Task<IReadOnlyList<ReplayProposal>> ProposeAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<ReplayProposal>>(async db =>
        {
            var failed = await db.Experiences.Where(e => e.Outcome != ExperienceOutcome.Accepted || e.MergedCommit == null).ToListAsync(cancellationToken).ConfigureAwait(false);
            var accepted = await db.Experiences.Where(e => e.Outcome == ExperienceOutcome.Accepted && e.MergedCommit != null)
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
                proposals.Add(new ReplayProposal(f.Id, new LearningTask(f.Goal, f.TaskType, f.Description, f.Gap, f.Repository), f.FinishedAt, fresh, reason));
            }
            return proposals;
        }, cancellationToken);

    private static string TaskIdentity(string taskType, string? gap, string description) => taskType + "\n" + (string.IsNullOrWhiteSpace(gap) ? description : gap);

    private static async Task<IReadOnlyList<ReplayedExperience>> ReplayAsync(KnowledgeDbContext db, IReadOnlyList<ExperienceRecord> similar, CancellationToken cancellationToken)
    {
        if (similar.Count == 0) return [];
        var errorsOf = await ExperienceStore.ErrorsOfAsync(db, similar.Select(s => s.Id).ToList(), cancellationToken).ConfigureAwait(false);
        var ids = similar.Select(s => s.Id).ToList();
        var found = await db.Solutions.Where(KnowledgeFilters.UsableSolution).Where(s => s.ExperienceId != null && ids.Contains(s.ExperienceId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return similar.Select(s => new ReplayedExperience(s,
            errorsOf[s.Id].Select(x => ErrorDatabase.ToKnown(x.Error)).ToList(),
            found.Where(x => x.ExperienceId == s.Id).Select(ErrorDatabase.ToKnown).ToList())).ToList();
    }
}
