using System.Globalization;
using System.Text.Json;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Experiences;
using Agent.Activities.Learning.Graph;
using Agent.Activities.Learning.Metrics;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.Learning.Replay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning;

/// <summary>The <see cref="ILearningService"/> over the knowledge base.</summary>
public sealed class LearningService(KnowledgeDatabase database, ExperienceReplay replay, IOptions<LearningOptions> options, TimeProvider time)
    : ILearningService
{
    /// <inheritdoc />
    public Task<AttemptRecorded> RecordAttemptAsync(AttemptRecord attempt, CancellationToken cancellationToken = default)
    {
        AttemptValidator.Validate(attempt);
        var normalized = attempt.ErrorsSeen.Select(ErrorNormalizer.Normalize).ToList();
        return database.WriteAsync(db => RecordAsync(db, attempt, normalized, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RecordRollbackAsync(string experienceId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(experienceId)) throw new LearningInputException("The rollback was not recorded: experienceId is empty; give the id Learn returned.");
        return database.WriteAsync(async db =>
        {
            var experience = await db.Experiences.SingleOrDefaultAsync(e => e.Id == experienceId, cancellationToken).ConfigureAwait(false)
                ?? throw new LearningInputException($"The rollback was not recorded: there is no experience '{experienceId}'; give the id Learn returned.");
            if (experience.Outcome == ExperienceOutcome.RolledBack) return false;
            if (experience.Outcome != ExperienceOutcome.Accepted)
                throw new LearningInputException($"The rollback was not recorded: experience '{experienceId}' is {experience.Outcome}, and only an accepted change can be rolled back.");
            var now = time.GetUtcNow();
            await db.Experiences.Where(e => e.Id == experienceId)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.Outcome, ExperienceOutcome.RolledBack), cancellationToken).ConfigureAwait(false);
            // The fix it found did not hold: each solution it first stored counts a failure.
            foreach (var solution in await db.Solutions.Where(x => x.ExperienceId == experienceId).Select(x => x.Id).ToListAsync(cancellationToken).ConfigureAwait(false))
                await ErrorDatabase.CountOutcomeAsync(db, solution, worked: false, byAgent: true, now, cancellationToken).ConfigureAwait(false);
            await PatternMiner.MineAsync(db, experience.TaskType, options.Value.AntiPatternMinFailures, now, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TaskContext> GetTaskContextAsync(LearningTask task, IReadOnlyList<ErrorObservation>? currentErrors = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return replay.BuildContextAsync(task, currentErrors ?? [], cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReplayProposal>> ProposeReplaysAsync(CancellationToken cancellationToken = default) => replay.ProposeAsync(cancellationToken);

    private async Task<AttemptRecorded> RecordAsync(KnowledgeDbContext db, AttemptRecord a, IReadOnlyList<NormalizedError> normalized, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var started = a.StartedAt ?? now - a.Duration;
        var finished = started + a.Duration;
        var id = a.AttemptId is { } attemptId ? Digest.Sha256("attempt:" + attemptId)[..32] : Guid.NewGuid().ToString("N");
        if (a.AttemptId is not null && await db.Experiences.AnyAsync(e => e.Id == id, ct).ConfigureAwait(false))
            return await RecordedAsync(db, id, ct).ConfigureAwait(false);
        var byAgent = !a.HumanIntervention;

        var errorIds = new List<long>();
        for (var i = 0; i < normalized.Count; i++)
            errorIds.Add(await ErrorDatabase.UpsertAsync(db, a.ErrorsSeen[i], normalized[i], finished, ct).ConfigureAwait(false));
        var fixedIndexes = a.Fix is null ? [] : (a.Fix.FixedErrors ?? Enumerable.Range(0, errorIds.Count).ToList()).ToHashSet();

        var experience = new ExperienceRecord
        {
            Id = id, CycleId = a.CycleId, InstanceId = a.InstanceId, Goal = a.Task.Goal.Trim(), Gap = a.Task.Gap?.Trim(), TaskType = a.Task.TaskType.Trim(),
            Description = a.Task.Description.Trim(), PromptDigest = a.Prompt is null ? null : Digest.Sha256(a.Prompt), ApproachKey = ApproachKeys.For(a.Approach),
            Tools = string.Join(',', a.Approach.Tools.Distinct(StringComparer.Ordinal)), Files = string.Join('\n', a.Approach.Files.Distinct(StringComparer.Ordinal)),
            Model = a.Approach.Model, Turns = a.Approach.Turns, Outcome = a.Outcome, HumanIntervention = a.HumanIntervention,
            IntegratedCapability = a.Outcome == ExperienceOutcome.Accepted && !string.IsNullOrWhiteSpace(a.Capability),
            MetricsBeforeJson = a.MetricsBefore.Count == 0 ? null : JsonSerializer.Serialize(a.MetricsBefore),
            MetricsAfterJson = a.MetricsAfter.Count == 0 ? null : JsonSerializer.Serialize(a.MetricsAfter),
            Improvement = a.Improvement, CostUsd = a.CostUsd, Tokens = a.Tokens, DurationMs = (long)a.Duration.TotalMilliseconds,
            StartedAt = started, FinishedAt = finished,
            Repository = a.Task.Repository, GapClosed = a.GapClosed, MergedCommit = a.MergedCommit,
            SearchText = string.Join('\n', new[] { a.Task.Goal, a.Task.Gap, a.Task.TaskType, a.Task.Description }.Where(s => !string.IsNullOrWhiteSpace(s))
                .Concat(normalized.Select(n => $"{n.Kind} {n.Message}"))),
        };
        var seen = errorIds.Select((e, i) => (e, i)).GroupBy(x => x.e)
            .Select(g => new ExperienceErrorRecord { ExperienceId = id, ErrorId = g.Key, Fixed = g.Any(x => fixedIndexes.Contains(x.i)) });
        await ExperienceStore.InsertAsync(db, experience, seen, ct).ConfigureAwait(false);

        var solutionIds = new List<long>();
        if (a.Fix is not null)
            foreach (var errorId in fixedIndexes.Select(i => errorIds[i]).Distinct())
                solutionIds.Add(await ErrorDatabase.UpsertSolutionAsync(db, errorId, a.Fix.Description, worked: true, byAgent, id, finished, ct,
                    new SolutionOrigin(a.MergedCommit!, a.Task.Repository)).ConfigureAwait(false));
        // A stored fix the prompt offered counts once: a success when the attempt fixed errors, a failure when it did not.
        foreach (var offered in a.AppliedSolutionIds.Distinct().Where(s => !solutionIds.Contains(s)))
            await ErrorDatabase.CountOutcomeAsync(db, offered, worked: a.Fix is not null, byAgent, finished, ct).ConfigureAwait(false);

        await PatternMiner.MineAsync(db, experience.TaskType, options.Value.AntiPatternMinFailures, now, ct).ConfigureAwait(false);
        await AttemptGraph.AddAsync(db, a, experience, errorIds, normalized, fixedIndexes, solutionIds, ct).ConfigureAwait(false);
        AddMetrics(db, a, experience);
        return new AttemptRecorded(id, errorIds, solutionIds);
    }

    // What an attempt stored, read back for a repeated record of it.
    private static async Task<AttemptRecorded> RecordedAsync(KnowledgeDbContext db, string experienceId, CancellationToken ct)
    {
        var errorIds = await db.ExperienceErrors.Where(x => x.ExperienceId == experienceId).OrderBy(x => x.ErrorId).Select(x => x.ErrorId)
            .ToListAsync(ct).ConfigureAwait(false);
        var solutionIds = await db.Solutions.Where(s => s.ExperienceId == experienceId).OrderBy(s => s.Id).Select(s => s.Id)
            .ToListAsync(ct).ConfigureAwait(false);
        return new AttemptRecorded(experienceId, errorIds, solutionIds);
    }

    private static void AddMetrics(KnowledgeDbContext db, AttemptRecord a, ExperienceRecord e)
    {
        MetricsStore.Add(db, "agent.turns", e.Turns, MetricScopes.Agent, e.FinishedAt, e.Id);
        MetricsStore.Add(db, "agent.tokens", e.Tokens, MetricScopes.Agent, e.FinishedAt, e.Id);
        MetricsStore.Add(db, "agent.cost-usd", e.CostUsd, MetricScopes.Agent, e.FinishedAt, e.Id);
        MetricsStore.Add(db, "agent.duration-ms", e.DurationMs, MetricScopes.Agent, e.FinishedAt, e.Id);
        MetricsStore.Add(db, "agent.errors-seen", a.ErrorsSeen.Count, MetricScopes.Agent, e.FinishedAt, e.Id);
        if (e.Improvement is { } improvement) MetricsStore.Add(db, "agent.improvement", improvement, MetricScopes.Agent, e.FinishedAt, e.Id);
        foreach (var (name, value) in a.MetricsBefore) MetricsStore.Add(db, name, value, MetricScopes.Repository, e.StartedAt, e.Id);
        foreach (var (name, value) in a.MetricsAfter) MetricsStore.Add(db, name, value, MetricScopes.Repository, e.FinishedAt, e.Id);
    }

    internal static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
}
