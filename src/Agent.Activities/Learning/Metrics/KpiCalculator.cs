using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Learning.Metrics;

/// <summary>
/// Computes the five KPIs from what is stored; nothing here can be set by hand. Only verified outcomes count: an accepted
/// task is a merged change that closed its gap, and an error is recovered when a merged change closed its gap (a usable
/// solution that worked without a human).
/// </summary>
public sealed class KpiCalculator(KnowledgeDatabase database, TimeProvider time)
{
    /// <summary>The default window of improvement velocity, in days.</summary>
    public const int DefaultWindowDays = 7;

    /// <summary>Computes the KPIs as of now (or <paramref name="asOf"/>), velocity over <paramref name="windowDays"/> days.</summary>
    public Task<KpiReport> ComputeAsync(int windowDays = DefaultWindowDays, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default)
    {
        if (windowDays < 1) throw new LearningInputException($"The velocity window is {windowDays} days; give 1 or more.");
        var now = asOf ?? time.GetUtcNow();
        return database.ReadAsync(async db =>
        {
            var experiences = await db.Experiences
                .Select(e => new Attempt(e.TaskType, e.Outcome, e.HumanIntervention, e.IntegratedCapability, e.Turns, e.DurationMs, e.Tokens, e.CostUsd, e.StartedAt, e.FinishedAt, e.Id,
                    e.MergedCommit != null && e.GapClosed))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var encountered = await db.Errors.CountAsync(cancellationToken).ConfigureAwait(false);
            var recovered = await db.Errors.CountAsync(e => db.Solutions.Any(s => s.ErrorId == e.Id && s.WorkedForAgent && s.CommitId != null && s.QuarantinedAt == null), cancellationToken).ConfigureAwait(false);
            return Compute(experiences, encountered, recovered, windowDays, now);
        }, cancellationToken);
    }

    internal sealed record Attempt(string TaskType, ExperienceOutcome Outcome, bool HumanIntervention, bool IntegratedCapability, int Turns, long DurationMs,
        long Tokens, double CostUsd, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Id, bool Verified = true)
    {
        /// <summary>A merged change that closed its gap; an "accepted" record from before outcomes were verified is not one.</summary>
        public bool IsAccepted => Outcome == ExperienceOutcome.Accepted && Verified;
    }

    internal static KpiReport Compute(IReadOnlyList<Attempt> attempts, int errorsEncountered, int errorsRecovered, int windowDays, DateTimeOffset now)
    {
        var accepted = attempts.Where(a => a.IsAccepted).ToList();
        var autonomous = accepted.Count(a => !a.HumanIntervention);
        var autonomy = new AutonomyKpi(accepted.Count, autonomous, Ratio(autonomous, accepted.Count));
        var recovery = new ErrorRecoveryKpi(errorsEncountered, errorsRecovered, Ratio(errorsRecovered, errorsEncountered));
        var tokens = attempts.Sum(a => a.Tokens);
        var cost = attempts.Sum(a => a.CostUsd);
        var resources = new ResourceEfficiencyKpi(accepted.Count, tokens, cost,
            accepted.Count == 0 ? null : (double)tokens / accepted.Count, accepted.Count == 0 ? null : cost / accepted.Count);
        var efficiency = attempts.GroupBy(a => a.TaskType).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Efficiency(g.Key, g.ToList())).ToList();
        return new KpiReport(now, autonomy, Velocity(accepted, windowDays, now), recovery, efficiency, resources);
    }

    private static VelocityKpi Velocity(IReadOnlyList<Attempt> accepted, int windowDays, DateTimeOffset now)
    {
        var window = TimeSpan.FromDays(windowDays);
        bool In(Attempt a, DateTimeOffset end) => a.FinishedAt > end - window && a.FinishedAt <= end;
        var current = accepted.Where(a => In(a, now)).ToList();
        var previous = accepted.Count(a => In(a, now - window));
        var perDay = (double)current.Count / windowDays;
        var previousPerDay = (double)previous / windowDays;
        var capabilities = current.Count(a => a.IntegratedCapability);
        return new VelocityKpi(windowDays, current.Count, capabilities, perDay, (double)capabilities / windowDays, previous, previousPerDay, perDay - previousPerDay);
    }

    private static LearningEfficiencyKpi Efficiency(string taskType, IReadOnlyList<Attempt> attempts)
    {
        var episodes = new List<EpisodeCost>();
        int count = 0, turns = 0;
        long duration = 0;
        foreach (var a in attempts.OrderBy(a => a.StartedAt).ThenBy(a => a.Id, StringComparer.Ordinal))
        {
            count++;
            turns += a.Turns;
            duration += a.DurationMs;
            if (!a.IsAccepted) continue;
            episodes.Add(new EpisodeCost(count, turns, duration));
            (count, turns, duration) = (0, 0, 0);
        }
        if (episodes.Count == 0) return new LearningEfficiencyKpi(taskType, 0, null, null, null, count);
        var first = episodes[0];
        var latest = episodes[^1];
        var trend = new EpisodeCost(latest.Attempts - first.Attempts, latest.Turns - first.Turns, latest.DurationMs - first.DurationMs);
        return new LearningEfficiencyKpi(taskType, episodes.Count, first, latest, trend, count);
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
