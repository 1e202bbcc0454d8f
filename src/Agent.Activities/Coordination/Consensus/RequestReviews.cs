using System.Text;
using Agent.Activities.SelfModification;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>
/// Writes the K review tasks of a round for read-only reviewers: each prompt lists every surviving candidate's diff and
/// the exact JSON to return (<see cref="VerdictParser.Format"/>). <c>NoReview</c> when there is no survivor or K is 0 —
/// the selection then goes by measurement alone. Task ids are the round's, so a re-run enqueues nothing twice.
/// </summary>
[Activity("Agent", "Consensus", "Writes the review tasks of a round (each survivor's diff and the JSON to return).", DisplayName = "Request Reviews")]
[FlowNode(RequestedOutcome, NoReviewOutcome)]
public sealed class RequestReviews : IActivity
{
    /// <summary>Review tasks were written.</summary>
    public const string RequestedOutcome = "Requested";
    /// <summary>No survivor, or no reviewers configured.</summary>
    public const string NoReviewOutcome = "NoReview";

    // The diff of one candidate shown to reviewers is cut at this many characters, so K prompts stay within a model's reach.
    private const int MaxPatchChars = 30_000;

    /// <summary>The round.</summary>
    [Input(Description = "The round's id.", Order = 0)]
    public Input<string> RoundId { get; set; } = null!;

    /// <summary>K; empty = the round's.</summary>
    [Input(Description = "How many reviewers (0 to 16); empty = the round's (Coordination:Consensus:Reviewers).", Order = 1)]
    public Input<int?> Reviewers { get; set; } = null!;

    /// <summary>What the reviewers should weigh beyond the diff.</summary>
    [Input(Description = "What the change is for, beyond the gap (e.g. the risk reasons of a single change).", UIHint = "MultiLine", Order = 2)]
    public Input<string> Context { get; set; } = null!;

    /// <summary>The review tasks, for EnqueueTasks.</summary>
    [Output(Description = "The review tasks: {id, kind: review, role: reviewer, payload: {prompt, cwd, roundId, candidates}, correlationId}.")]
    public Output<List<Dictionary<string, object?>>> Tasks { get; set; } = null!;

    /// <summary>K.</summary>
    [Output(Description = "How many reviewers to spawn (0 with NoReview).")]
    public Output<int> ReviewerCount { get; set; } = null!;

    /// <summary>How long reviewers have.</summary>
    [Output(Description = "How long to wait for the verdicts (Coordination:Consensus:QuorumTimeout).")]
    public Output<TimeSpan> QuorumTimeout { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var roundId = context.Get(RoundId)?.Trim() ?? "";
        var store = context.GetRequiredService<ConsensusStore>();
        var round = await store.FindAsync(roundId, context.CancellationToken)
            ?? throw new WorkflowFaultException($"{context.NodePath}: there is no consensus round '{roundId}'; bind roundId to OpenConsensusRound's roundId.", ActivityInputs.InvalidInputCode);
        var k = context.Get(Reviewers) ?? round.Reviewers;
        if (k is < 0 or > 16) throw new WorkflowFaultException($"{context.NodePath}: reviewers is {k}; give 0 to 16.", ActivityInputs.InvalidInputCode);
        context.Set(QuorumTimeout, context.GetRequiredService<IOptions<ConsensusOptions>>().Value.QuorumTimeout);
        var survivors = (await store.CandidatesAsync(roundId, context.CancellationToken)).Where(c => c.GatesPassed == true).ToList();
        if (k == 0 || survivors.Count == 0)
        {
            context.Set(Tasks, []);
            context.Set(ReviewerCount, 0);
            context.WriteLine($"consensus: {roundId}: no review ({(k == 0 ? "no reviewers configured" : "no candidate passed the gates")}).");
            context.Complete(NoReviewOutcome);
            return;
        }
        var prompt = await PromptAsync(context, round, survivors);
        await store.MarkReviewingAsync(roundId, context.CancellationToken);
        context.Set(Tasks, [.. Enumerable.Range(1, k).Select(i => new Dictionary<string, object?>
        {
            ["id"] = $"{roundId}-review-{i}", ["kind"] = "review", ["role"] = "reviewer", ["correlationId"] = roundId,
            ["payload"] = new Dictionary<string, object?> { ["prompt"] = prompt, ["cwd"] = round.Target, ["roundId"] = roundId, ["candidates"] = survivors.Select(c => c.Id).ToList() },
        })]);
        context.Set(ReviewerCount, k);
        context.Complete(RequestedOutcome);
    }

    private async Task<string> PromptAsync(ActivityExecutionContext context, ConsensusRound round, List<ConsensusCandidate> survivors)
    {
        var diffs = context.GetRequiredService<WorktreeDiffReader>();
        var text = new StringBuilder();
        text.AppendLine($"You are a reviewer. {survivors.Count} candidate change(s) for the gap '{round.GapKey}' passed the build and test gates. Read each diff and judge whether it should be merged: correct, minimal, no weakened or deleted tests, no unrelated edits. Do not change any file.");
        if (context.Get(Context) is { Length: > 0 } extra) text.AppendLine().AppendLine(extra.Trim());
        foreach (var candidate in survivors)
        {
            var patch = (await diffs.ReadAsync(candidate.Worktree, context.CancellationToken)).Patch;
            if (patch.Length > MaxPatchChars) patch = patch[..MaxPatchChars] + $"\n… (cut at {MaxPatchChars} characters)";
            var score = (candidate.ImprovementScore ?? 0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            text.AppendLine().AppendLine($"## Candidate {candidate.Id} ({candidate.DiffStat?.Replace('\n', ';')}; improvement score {score})")
                .AppendLine("```diff").AppendLine(patch.TrimEnd()).AppendLine("```");
        }
        text.AppendLine().AppendLine("Answer with only this JSON (one entry per candidate, verdict approve or reject, score from 0 to 1):")
            .AppendLine(VerdictParser.Format)
            .AppendLine($"The candidate ids are: {string.Join(", ", survivors.Select(c => c.Id))}.");
        return text.ToString();
    }
}
