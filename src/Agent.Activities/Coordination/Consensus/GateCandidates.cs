using Agent.Activities.Assessment;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Cycle;
using Agent.Activities.CycleStore;
using Agent.Activities.Gaps;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>
/// Measures each candidate of a round in its worktree (AssessmentService) and checks Validate's hard gates on it
/// (ChangeValidation), recording the result per candidate; outputs the survivors. A candidate whose implementer task did
/// not finish as done fails without being measured. Each candidate is recorded once, so a re-run after a crash measures
/// only the candidates not recorded yet.
/// </summary>
[Activity("Agent", "Consensus", "Measures each candidate of a round and checks the hard gates; outputs the survivors.", DisplayName = "Gate Candidates")]
public sealed class GateCandidates : IActivity
{
    /// <summary>The round.</summary>
    [Input(Description = "The round's id (OpenConsensusRound's roundId).", Order = 0)]
    public Input<string> RoundId { get; set; } = null!;

    /// <summary>The snapshot before the change.</summary>
    [Input(Description = "The snapshot of the target before the change (AssessState's snapshotId).", Order = 1)]
    public Input<long> SnapshotId { get; set; } = null!;

    /// <summary>The gap.</summary>
    [Input(Description = "The gap the candidates must close.", Order = 2)]
    public Input<Gap> Gap { get; set; } = null!;

    /// <summary>The implementer tasks' ids.</summary>
    [Input(Description = "The ids of the implementer tasks (EnqueueTasks' taskIds, after AwaitTasks): who worked each candidate, and whether it finished.", Order = 3)]
    public Input<List<string>> TaskIds { get; set; } = null!;

    /// <summary>The candidates that passed every gate.</summary>
    [Output(Description = "The candidates that passed every hard gate.")]
    public Output<List<ConsensusCandidate>> Survivors { get; set; } = null!;

    /// <summary>How many survived.</summary>
    [Output(Description = "How many candidates passed every hard gate.")]
    public Output<int> SurvivorCount { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var roundId = context.Get(RoundId)?.Trim() ?? "";
        var gap = context.Get(Gap) ?? throw new WorkflowFaultException($"{context.NodePath}: gap is empty; bind it to the round's gap.", ActivityInputs.InvalidInputCode);
        var store = context.GetRequiredService<ConsensusStore>();
        _ = await store.FindAsync(roundId, context.CancellationToken)
            ?? throw new WorkflowFaultException($"{context.NodePath}: there is no consensus round '{roundId}'; bind roundId to OpenConsensusRound's roundId.", ActivityInputs.InvalidInputCode);
        var tasks = await TaskLookup.LoadAsync(context, context.Get(TaskIds));
        MeasurementSnapshot? before = null;
        var recorded = new List<ConsensusCandidate>();
        foreach (var candidate in await store.CandidatesAsync(roundId, context.CancellationToken))
        {
            if (candidate.Gated) { recorded.Add(candidate); continue; }
            tasks.TryGetValue(candidate.TaskId, out var task);
            before ??= await SnapshotInput.ReadAsync(context, SnapshotId);
            var gates = task is { Status: not TaskStatuses.Done }
                ? new CandidateGates(task.LeaseOwner, false, [$"implementer: the task {task.Id} is {task.Status}{(task.Reason is { } r ? $": {r}" : "")}; no change to judge."], 0, 0, "")
                : await MeasureAsync(context, candidate.Worktree, gap, before, task?.LeaseOwner);
            var stored = await store.RecordGatesAsync(candidate.Id, gates, context.CancellationToken);
            context.WriteLine($"consensus: {candidate.Id}: {(stored.GatesPassed == true ? "passed the gates" : "dropped: " + string.Join("; ", stored.GateFailures))}.");
            recorded.Add(stored);
        }
        var survivors = recorded.Where(c => c.GatesPassed == true).ToList();
        context.Set(Survivors, survivors);
        context.Set(SurvivorCount, survivors.Count);
        context.Complete();
    }

    private static async Task<CandidateGates> MeasureAsync(ActivityExecutionContext context, TaskWorktree worktree, Gap gap, MeasurementSnapshot before, string? implementer)
    {
        MeasurementSnapshot after;
        try
        {
            // An empty change fails its gate as such; measuring the base again would say nothing new.
            after = await context.GetRequiredService<GitRepository>().HasChangesSinceAsync(worktree.Path, worktree.BaseCommit, context.CancellationToken)
                ? await context.GetRequiredService<AssessmentService>().MeasureAsync(worktree.Path, new WriteLineProgress(context, $"gate {worktree.TaskId}: "), context.CancellationToken)
                : before;
        }
        catch (AssessmentException e)
        {
            return new CandidateGates(implementer, false, [$"measurement: {e.Message}"], 0, 0, "");
        }
        var verdict = await context.GetRequiredService<ChangeValidation>().CheckAsync(worktree, gap, Measurement.From(before), Measurement.From(after), context.CancellationToken);
        var failures = verdict.Gates.Failures.ToList();
        if (verdict.Unmeasurable is { } why) failures.Add($"unmeasurable: {why}");
        return new CandidateGates(implementer, failures.Count == 0, failures, verdict.Gates.ImprovementScore, verdict.Diff.LinesChanged, verdict.Diff.Stat);
    }
}
