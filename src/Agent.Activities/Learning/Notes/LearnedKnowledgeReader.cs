using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning.Notes;

/// <summary>
/// Reads from the knowledge base what the learned notes show: every error with its best fix that worked (at least once,
/// and at least as often as it failed — the track record shown lets the reader judge the rest), the anti-patterns, and the proven approaches that work (at least
/// <see cref="LearningOptions.PatternSupportThreshold"/> attempts, more successes than failures). Ordering and bounding
/// are the renderer's job.
/// </summary>
public sealed class LearnedKnowledgeReader(KnowledgeDatabase database, IOptions<LearningOptions> options)
{
    /// <summary>
    /// Reads the knowledge the notes are rendered from: verified fixes only (linked to their merged commit, not
    /// quarantined), and with <paramref name="repository"/> only the fixes merged into that repository — a note is read
    /// by every later run there, so it must be about that code.
    /// </summary>
    /// <exception cref="KnowledgeStoreException">The knowledge base file is not usable; it was left unchanged.</exception>
    public Task<LearnedKnowledge> ReadAsync(string? repository = null, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async db =>
        {
            var usable = db.Solutions.Where(KnowledgeFilters.UsableSolution).Where(s => s.SuccessCount > 0 && s.SuccessCount >= s.FailureCount);
            if (repository is not null) usable = usable.Where(s => s.Repository == repository);
            var solutions = await usable.ToListAsync(cancellationToken).ConfigureAwait(false);
            var errorIds = solutions.Select(s => s.ErrorId).Distinct().ToList();
            // Projected: the raw sample is the longest column and the notes never show it.
            var errors = await db.Errors.Where(e => errorIds.Contains(e.Id)).Select(e => new { e.Id, e.Kind, e.Message, e.Signature })
                .ToDictionaryAsync(e => e.Id, cancellationToken).ConfigureAwait(false);
            // One fix per error: the best by its smoothed rate, then the most successes, then its text (never the row id,
            // so two knowledge bases that learned the same things render the same notes).
            var solved = solutions
                .Where(s => errors.ContainsKey(s.ErrorId))
                .GroupBy(s => s.ErrorId)
                .Select(g => g.OrderByDescending(s => (s.SuccessCount + 1.0) / (s.SuccessCount + s.FailureCount + 2.0))
                    .ThenByDescending(s => s.SuccessCount).ThenBy(s => s.Description, StringComparer.Ordinal).First())
                .Select(s => new SolvedError(errors[s.ErrorId].Kind, errors[s.ErrorId].Message, errors[s.ErrorId].Signature, s.Description, s.SuccessCount, s.FailureCount))
                .ToList();

            var patterns = await db.Patterns.ToListAsync(cancellationToken).ConfigureAwait(false);
            var support = options.Value.PatternSupportThreshold;
            var anti = patterns.Where(p => p.IsAntiPattern).Select(ToRecord).ToList();
            var working = patterns
                .Where(p => !p.IsAntiPattern && p.SuccessCount + p.FailureCount >= support && p.SuccessCount > p.FailureCount)
                .Select(ToRecord).ToList();
            return new LearnedKnowledge(solved, anti, working);
        }, cancellationToken);

    private static ApproachRecord ToRecord(PatternRecord p) => new(p.TaskType, p.ApproachKey, p.SuccessCount, p.FailureCount, p.MeanImprovement);
}
