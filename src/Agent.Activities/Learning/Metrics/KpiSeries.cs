using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Learning.Metrics;

/// <summary>
/// The five KPIs as they stood at the end of one UTC day on which something was stored (an attempt finished, an error
/// was first seen, or a solution was recorded). Values are null where the KPI is undefined that day (nothing accepted yet).
/// </summary>
/// <param name="Day">The UTC day.</param>
/// <param name="AsOf">The instant the KPIs were computed at: the end of the day, or now for today.</param>
/// <param name="AutonomyRate">Accepted without a human / accepted.</param>
/// <param name="ImprovementsPerDay">Improvement velocity: accepted improvements per day over the velocity window ending at <paramref name="AsOf"/>.</param>
/// <param name="ErrorRecoveryRate">Errors recovered by the agent / errors encountered.</param>
/// <param name="AttemptsPerSuccess">Learning efficiency: attempts the latest success of each task type took, averaged over the task types with a success.</param>
/// <param name="UsdPerAccepted">Resource efficiency: USD of all attempts / accepted improvements.</param>
/// <param name="TokensPerAccepted">Resource efficiency: tokens of all attempts / accepted improvements.</param>
/// <param name="Attempts">How many attempts had finished by then (the data behind the point).</param>
public sealed record KpiPoint(DateOnly Day, DateTimeOffset AsOf, double? AutonomyRate, double ImprovementsPerDay, double? ErrorRecoveryRate,
    double? AttemptsPerSuccess, double? UsdPerAccepted, double? TokensPerAccepted, int Attempts);

/// <summary>One attempt as the KPI series reads it.</summary>
public sealed record KpiAttempt(string Id, string TaskType, ExperienceOutcome Outcome, bool Verified, bool HumanIntervention, bool IntegratedCapability,
    int Turns, long DurationMs, long Tokens, double CostUsd, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);

/// <summary>One distinct error: when it was first seen and, if the agent recovered from it, when that solution was recorded.</summary>
public sealed record KpiError(DateTimeOffset FirstSeenAt, DateTimeOffset? RecoveredAt);

/// <summary>
/// Computes the KPIs over time with the same rules as <see cref="KpiCalculator"/>: for each UTC day with stored data, the
/// KPIs of everything stored up to the end of that day. Days without data get no point, so a chart never shows a
/// value nothing was measured for.
/// </summary>
public sealed class KpiSeriesCalculator(KnowledgeDatabase database, TimeProvider time)
{
    /// <summary>The series as of now, oldest day first, velocity over <paramref name="windowDays"/> days.</summary>
    /// <exception cref="LearningInputException">The window is less than one day.</exception>
    public Task<IReadOnlyList<KpiPoint>> ComputeAsync(int windowDays = KpiCalculator.DefaultWindowDays, CancellationToken cancellationToken = default)
    {
        if (windowDays < 1) throw new LearningInputException($"The velocity window is {windowDays} days; give 1 or more.");
        var now = time.GetUtcNow();
        return database.ReadAsync(async db =>
        {
            var attempts = await db.Experiences
                .Select(e => new KpiAttempt(e.Id, e.TaskType, e.Outcome, e.MergedCommit != null && e.GapClosed, e.HumanIntervention, e.IntegratedCapability,
                    e.Turns, e.DurationMs, e.Tokens, e.CostUsd, e.StartedAt, e.FinishedAt))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var errors = await db.Errors.Select(e => new { e.Id, e.FirstSeenAt }).ToListAsync(cancellationToken).ConfigureAwait(false);
            // The same "recovered" rule as KpiCalculator; the earliest qualifying solution dates the recovery.
            var solutions = await db.Solutions.Where(s => s.WorkedForAgent && s.CommitId != null && s.QuarantinedAt == null)
                .Select(s => new { s.ErrorId, s.CreatedAt }).ToListAsync(cancellationToken).ConfigureAwait(false);
            var recovered = solutions.GroupBy(s => s.ErrorId).ToDictionary(g => g.Key, g => g.Min(s => s.CreatedAt));
            var kpiErrors = errors.Select(e => new KpiError(e.FirstSeenAt, recovered.TryGetValue(e.Id, out var at) ? at : null)).ToList();
            return Compute(attempts, kpiErrors, windowDays, now);
        }, cancellationToken);
    }

    /// <summary>The series of <paramref name="attempts"/> and <paramref name="errors"/> as of <paramref name="now"/>, oldest day first.</summary>
    public static IReadOnlyList<KpiPoint> Compute(IReadOnlyList<KpiAttempt> attempts, IReadOnlyList<KpiError> errors, int windowDays, DateTimeOffset now)
    {
        var days = attempts.Select(a => a.FinishedAt).Concat(errors.Select(e => e.FirstSeenAt)).Concat(errors.Where(e => e.RecoveredAt is not null).Select(e => e.RecoveredAt!.Value))
            .Where(at => at <= now).Select(Day).Distinct().Order().ToList();
        var points = new List<KpiPoint>(days.Count);
        foreach (var day in days)
        {
            var endOfDay = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1).AddTicks(-1);
            var asOf = endOfDay < now ? endOfDay : now;
            var known = attempts.Where(a => a.FinishedAt <= asOf)
                .Select(a => new KpiCalculator.Attempt(a.TaskType, a.Outcome, a.HumanIntervention, a.IntegratedCapability, a.Turns, a.DurationMs, a.Tokens, a.CostUsd,
                    a.StartedAt, a.FinishedAt, a.Id, a.Verified))
                .ToList();
            var encountered = errors.Count(e => e.FirstSeenAt <= asOf);
            var recoveredByThen = errors.Count(e => e.FirstSeenAt <= asOf && e.RecoveredAt is { } r && r <= asOf);
            var report = KpiCalculator.Compute(known, encountered, recoveredByThen, windowDays, asOf);
            var latest = report.LearningEfficiency.Where(l => l.LatestSuccess is not null).Select(l => (double)l.LatestSuccess!.Attempts).ToList();
            points.Add(new KpiPoint(day, asOf, report.Autonomy.Rate, report.ImprovementVelocity.PerDay, report.ErrorRecovery.Rate,
                latest.Count == 0 ? null : latest.Average(), report.ResourceEfficiency.UsdPerAccepted, report.ResourceEfficiency.TokensPerAccepted, known.Count));
        }
        return points;
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
