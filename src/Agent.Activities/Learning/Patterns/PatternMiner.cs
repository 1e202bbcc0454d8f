using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning.Patterns;

/// <summary>
/// Mines patterns from experiences: per task type and approach key, the accepted attempts (successes), the others
/// (failures) and the mean measured improvement. A pattern with at least <see cref="LearningOptions.AntiPatternMinFailures"/>
/// failures and more failures than successes is an anti-pattern. Mining recomputes from all experiences of a task type,
/// so two processes mining at once both end with counts that include every stored experience.
/// </summary>
public sealed class PatternMiner(KnowledgeDatabase database, IOptions<LearningOptions> options, TimeProvider time)
{
    /// <summary>Re-mines every task type.</summary>
    public Task MineAllAsync(CancellationToken cancellationToken = default) =>
        database.WriteAsync(async db =>
        {
            var types = await db.Experiences.Select(e => e.TaskType).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var type in types) await MineAsync(db, type, options.Value.AntiPatternMinFailures, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return types.Count;
        }, cancellationToken);

    /// <summary>Patterns, optionally of one task type, most attempted first.</summary>
    public Task<IReadOnlyList<PatternRecord>> ListAsync(string? taskType = null, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<PatternRecord>>(async db =>
        {
            var query = db.Patterns.AsQueryable();
            if (taskType is not null) query = query.Where(p => p.TaskType == taskType);
            var rows = await query.ToListAsync(cancellationToken).ConfigureAwait(false);
            return rows.OrderBy(p => p.TaskType, StringComparer.Ordinal).ThenByDescending(p => p.SuccessCount + p.FailureCount).ThenBy(p => p.ApproachKey, StringComparer.Ordinal).ToList();
        }, cancellationToken);

    internal static Task<int> MineAsync(KnowledgeDbContext db, string taskType, int antiPatternMinFailures, DateTimeOffset at, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO patterns (taskType, approachKey, successCount, failureCount, meanImprovement, isAntiPattern, minedAt)
            SELECT taskType, approachKey, s, f, m, (f >= @minFailures AND f > s), @at
            FROM (SELECT taskType, approachKey,
                         SUM(CASE WHEN outcome = 'Accepted' THEN 1 ELSE 0 END) AS s, SUM(CASE WHEN outcome = 'Accepted' THEN 0 ELSE 1 END) AS f, AVG(improvement) AS m
                  FROM experiences WHERE taskType = @taskType GROUP BY taskType, approachKey) AS mined
            WHERE true
            ON CONFLICT (taskType, approachKey) DO UPDATE SET
                successCount = excluded.successCount, failureCount = excluded.failureCount,
                meanImprovement = excluded.meanImprovement, isAntiPattern = excluded.isAntiPattern, minedAt = excluded.minedAt;
            """;
        return KnowledgeSql.ExecuteAsync(db, sql, cancellationToken, ("@taskType", taskType), ("@minFailures", antiPatternMinFailures), ("@at", at.UtcTicks));
    }
}
