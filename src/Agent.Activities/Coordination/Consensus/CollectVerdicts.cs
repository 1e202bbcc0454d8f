using System.Text.Json;
using Agent.Activities.Coordination.Distribution;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>
/// Reads each review task's result (the reviewer's output text), parses it strictly (<see cref="VerdictParser"/>) and
/// records one verdict per reviewer and surviving candidate. A review not done by the quorum timeout, a failed run or
/// malformed output is an abstention with its reason. Recorded once per reviewer and candidate, so a re-run changes nothing.
/// </summary>
[Activity("Agent", "Consensus", "Parses the reviewers' outputs into verdicts (malformed or missing = abstain) and records them.", DisplayName = "Collect Verdicts")]
public sealed class CollectVerdicts : IActivity
{
    /// <summary>The round.</summary>
    [Input(Description = "The round's id.", Order = 0)]
    public Input<string> RoundId { get; set; } = null!;

    /// <summary>The review tasks' ids.</summary>
    [Input(Description = "The ids of the review tasks (EnqueueTasks' taskIds, after AwaitTasks).", Order = 1)]
    public Input<List<string>> TaskIds { get; set; } = null!;

    /// <summary>The verdicts recorded.</summary>
    [Output(Description = "Every verdict of the round: candidateId, reviewer, verdict (approve, reject, abstain), score, reasons, abstainReason.")]
    public Output<List<CandidateVerdict>> Verdicts { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var roundId = context.Get(RoundId)?.Trim() ?? "";
        var store = context.GetRequiredService<ConsensusStore>();
        _ = await store.FindAsync(roundId, context.CancellationToken)
            ?? throw new WorkflowFaultException($"{context.NodePath}: there is no consensus round '{roundId}'; bind roundId to OpenConsensusRound's roundId.", ActivityInputs.InvalidInputCode);
        var survivors = (await store.CandidatesAsync(roundId, context.CancellationToken)).Where(c => c.GatesPassed == true).Select(c => c.Id).ToList();
        var verdicts = new List<CandidateVerdict>();
        foreach (var task in (await TaskLookup.LoadAsync(context, context.Get(TaskIds))).Values)
            verdicts.AddRange(Read(task, survivors));
        await store.RecordVerdictsAsync(roundId, verdicts, context.CancellationToken);
        var all = await store.VerdictsAsync(roundId, context.CancellationToken);
        foreach (var v in verdicts.Where(v => v.Verdict == VerdictKinds.Abstain))
            context.WriteLine($"consensus: {v.Reviewer} abstains on {v.CandidateId}: {v.AbstainReason}");
        context.Set(Verdicts, [.. all]);
        context.Complete();
    }

    /// <summary>The verdicts of one review task on <paramref name="candidates"/>.</summary>
    public static IReadOnlyList<CandidateVerdict> Read(WorkTask task, IReadOnlyList<string> candidates)
    {
        var reviewer = task.LeaseOwner ?? task.Id;
        if (task.Status != TaskStatuses.Done)
            return VerdictParser.AbstainAll(reviewer, candidates, $"no verdict within the quorum timeout: review task {task.Id} is {task.Status}{(task.Reason is { } r ? $" ({r})" : "")}");
        var result = task.Result;
        if (result is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.False)
            return VerdictParser.AbstainAll(reviewer, candidates, $"the reviewer's run failed: {Text(o, "error") ?? "no error given"}");
        var text = result is { ValueKind: JsonValueKind.Object } r2 ? Text(r2, "text") : result?.ToString();
        return VerdictParser.Parse(reviewer, text, candidates);
    }

    private static string? Text(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
