using Agent.Activities.Approvals;
using Agent.Activities.Assessment;
using Agent.Activities.Claude;
using Agent.Activities.Gaps;
using Agent.Activities.Planning;
using Agent.Activities.Research;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;

namespace Agent.Activities.Cycle;

/// <summary>
/// Ends a cycle: builds its summary (the cycle's output contract, see README "Improvement cycle") from what the steps
/// produced — every piece a declared input — and prints one line. Every end of the improvement-cycle definition passes
/// through it; the definition captures the output into the variable <c>summary</c>.
/// </summary>
[Activity("Agent", "Improvement cycle", "Writes the cycle's summary (target, outcome, gaps, tests before/after, score, commit, cost).", DisplayName = "Summarize Cycle")]
public sealed class SummarizeCycle : IActivity
{
    /// <summary>How many ranked gaps the summary lists.</summary>
    public const int ListedGaps = 5;

    private const int MaxPromptChars = 1500;

    /// <summary>How the cycle ended.</summary>
    [Input(Description = "How the cycle ended (EndCycle's ending: outcome and reason).", Order = 0)]
    [Required]
    public Input<CycleEnding> Ending { get; set; } = null!;

    /// <summary>The target.</summary>
    [Input(Description = "The target repository (BeginCycle's target).", Order = 1)]
    public Input<string> Target { get; set; } = null!;

    /// <summary>The cycle's id.</summary>
    [Input(Description = "The cycle's id (BeginCycle's cycleId); empty = the instance id.", Order = 2)]
    public Input<string> CycleId { get; set; } = null!;

    /// <summary>The ranked gaps.</summary>
    [Input(Description = "FindGaps' ranked gaps (the first is the one worked on), or empty.", Order = 3)]
    public Input<List<Gap>> Gaps { get; set; } = null!;

    /// <summary>The snapshot before.</summary>
    [Input(Description = "AssessState's snapshot, or empty.", Order = 4)]
    public Input<MeasurementSnapshot> Snapshot { get; set; } = null!;

    /// <summary>The research.</summary>
    [Input(Description = "Research's context (its files and notes are listed), or empty.", Order = 5)]
    public Input<ResearchContext> Research { get; set; } = null!;

    /// <summary>The plan.</summary>
    [Input(Description = "Plan's result (its mode and prompt are listed), or empty.", Order = 6)]
    public Input<TaskPlan> Plan { get; set; } = null!;

    /// <summary>Claude's runs.</summary>
    [Input(Description = "The execution's results (cost and tokens are summed), or empty.", Order = 7)]
    public Input<List<ClaudeRunSummary>> Execution { get; set; } = null!;

    /// <summary>Validation's verdict.</summary>
    [Input(Description = "Validate's result, or empty.", Order = 8)]
    public Input<ValidationReport> Validation { get; set; } = null!;

    /// <summary>The human's decision.</summary>
    [Input(Description = "HumanApproval's decision, or empty.", Order = 9)]
    public Input<ApprovalRecord> Decision { get; set; } = null!;

    /// <summary>The merge.</summary>
    [Input(Description = "The merge's or discard's result (its commit), or empty.", Order = 10)]
    public Input<ChangeResult> Change { get; set; } = null!;

    /// <summary>The summary.</summary>
    [Output(Description = "The summary (the definition captures it into the variable 'summary').")]
    public Output<object> Summary { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var ending = context.Get(Ending) ?? throw new WorkflowFaultException($"{context.ActivityId}: input 'ending' is empty; bind it to EndCycle's ending (the variable 'ending').", ActivityInputs.InvalidInputCode);
        if (!CycleOutcomes.All.Contains(ending.Outcome))
            throw new WorkflowFaultException($"{context.ActivityId}: outcome '{ending.Outcome}' is not known; use one of {string.Join(", ", CycleOutcomes.All)}.", ActivityInputs.InvalidInputCode);
        var summary = Build(context, ending);
        var stale = await StaleGoalsAsync(context);
        summary["staleGoals"] = stale.Select(g => g.ToString()).ToList();
        await AddConsensusAsync(context, summary);
        context.Set(Summary, summary);
        context.GetService<Telemetry.AgentMetrics>()?.RecordCycle(ending.Outcome);
        context.WriteLine($"cycle {ending.Outcome}: {ending.Reason}");
        foreach (var goal in stale) context.WriteLine($"stale: {goal}");
        context.Complete();
    }

    // A coordinated cycle's best-of-N rounds (candidates, verdicts, the rule's reasoning); a plain cycle has none and its summary is unchanged.
    private static async Task AddConsensusAsync(ActivityExecutionContext context, Dictionary<string, object?> summary)
    {
        if (context.GetService<Coordination.Consensus.ConsensusStore>() is not { } store || summary["cycleId"] is not string cycleId) return;
        var rounds = await Coordination.Consensus.ConsensusCycleSummary.ForCycleAsync(store, cycleId, context.CancellationToken);
        if (rounds.Count == 0) return;
        summary["consensus"] = rounds;
        foreach (var round in rounds)
        {
            context.WriteLine($"consensus {round["round"]} ({round["gap"]}): {round["selection"] ?? "undecided"} → {round["outcome"] ?? "open"}");
            foreach (var line in (List<string>)round["reasoning"]!) context.WriteLine($"  {line}");
        }
    }

    // Goals whose metrics have not moved for Safety:Decisions:StaleGoalCycles cycles (when the decision framework is registered).
    private async Task<IReadOnlyList<Safety.Decisions.StaleGoal>> StaleGoalsAsync(ActivityExecutionContext context)
    {
        if (context.GetService<Safety.Decisions.GoalStaleness>() is not { } staleness || context.Get(Target) is not { Length: > 0 } target || !Directory.Exists(target)) return [];
        try
        {
            var goals = await context.GetRequiredService<Goals.GoalsFileReader>().LoadAsync(target, context.CancellationToken);
            return await staleness.FindAsync(goals, Path.GetFullPath(target), context.CancellationToken);
        }
        catch (Goals.GoalsFileException)
        {
            return []; // BeginCycle refuses a cycle on a broken goals file; one edited since is reported by the next cycle
        }
    }

    private Dictionary<string, object?> Build(ActivityExecutionContext context, CycleEnding ending)
    {
        var gaps = context.Get(Gaps) ?? [];
        var top = gaps.FirstOrDefault();
        var snapshot = context.Get(Snapshot);
        var validation = context.Get(Validation);
        var runs = context.Get(Execution) ?? [];
        var research = context.Get(Research);
        var plan = context.Get(Plan);
        var before = snapshot is null ? null : Measurement.From(snapshot);
        return new Dictionary<string, object?>
        {
            ["target"] = context.Get(Target),
            ["cycleId"] = context.Get(CycleId) is { Length: > 0 } id ? id : context.InstanceId,
            ["outcome"] = ending.Outcome,
            ["reason"] = ending.Reason,
            ["gapsFound"] = gaps.Count,
            ["topGap"] = top is null ? null : new Dictionary<string, object?> { ["key"] = top.Key, ["taskType"] = top.TaskType, ["summary"] = top.Summary },
            ["rankedGaps"] = gaps.Take(ListedGaps).Select(g => new Dictionary<string, object?>
            {
                ["key"] = g.Key, ["taskType"] = g.TaskType, ["priority"] = Math.Round(g.Priority, 3), ["summary"] = g.Summary,
            }).ToList(),
            ["testsBefore"] = Tests(validation?.TestsBefore ?? (before is { TestsMeasured: true } ? new TestCounts(before.TestsPassed, before.TestsFailed, before.TestsTotal) : null)),
            ["testsAfter"] = Tests(validation?.TestsAfter),
            ["measuredBefore"] = validation?.MeasuredBefore ?? before?.Describe(),
            ["measuredAfter"] = validation?.MeasuredAfter,
            ["gapClosed"] = validation?.GapClosed,
            ["gapEvidence"] = validation?.GapEvidence,
            ["improvementScore"] = validation?.ImprovementScore,
            ["gateFailures"] = validation?.Failures ?? [],
            ["commit"] = context.Get(Change)?.Commit,
            ["diffStat"] = validation?.DiffStat,
            ["costUsd"] = Math.Round(runs.Sum(r => r.CostUsd), 6),
            ["tokens"] = runs.Sum(r => r.Tokens?.Total ?? 0),
            ["approvalId"] = context.Get(Decision)?.ApprovalId,
            ["decision"] = validation?.Decision,
            ["securityScore"] = validation?.Security?.Score,
            ["security"] = validation?.Security?.Summary,
            ["research"] = research is null ? null : new Dictionary<string, object?>
            {
                ["files"] = research.Files.Select(f => new Dictionary<string, object?> { ["path"] = f.Path, ["reason"] = f.Reason }).ToList(),
                ["errorExcerpts"] = research.ErrorExcerpts.Count,
                ["notes"] = research.Notes.Select(n => $"{n.Source}: {n.Title}").ToList(),
            },
            ["plan"] = plan is null ? null : new Dictionary<string, object?>
            {
                ["mode"] = plan.Mode, ["taskType"] = plan.TaskType, ["templateFile"] = plan.TemplateFile,
                ["prompt"] = plan.Tasks.Count == 0 ? null : plan.Prompt is { Length: > MaxPromptChars } text ? text[..MaxPromptChars] + "…" : plan.Prompt,
            },
        };
    }

    // Counts that could not be read are no counts: the summary shows null, never "0 of 0".
    private static Dictionary<string, object?>? Tests(TestCounts? counts) => counts is { Measured: true }
        ? new() { ["passed"] = counts.Passed, ["failed"] = counts.Failed, ["total"] = counts.Total }
        : null;
}
