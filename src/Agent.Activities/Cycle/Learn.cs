using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.SelfModification.CodeFixes;
using Agent.Workflows.Activities;
using Agent.Workflows.Execution;

namespace Agent.Activities.Cycle;

/// <summary>
/// Records the cycle's attempt in the learning system (<see cref="ILearningService.RecordAttemptAsync"/>): the
/// experience (gap, task type, approach, outcome, metrics before and after, cost, tokens, duration), the errors seen
/// (the new test failures and gate failures of a rejected change; the gap's own errors), and — when the change fixed
/// the gap's errors — the fix as their solution, so the next research finds it. The solutions research offered are
/// scored by validation's verdict (accepted, or rejected by the gates; not when a human rejected the change). The
/// record is keyed by the execution's id, so re-running this step after a crash stores the attempt once.
/// </summary>
[Activity("Agent", "Improvement cycle", "Records the attempt, its errors and its fix in the learning system.", DisplayName = "Learn")]
public sealed class Learn : IActivity
{
    // Task types whose gap is an error the change fixes: its excerpts become the errors the fix solves.
    private static readonly HashSet<string> ErrorTaskTypes = new(StringComparer.Ordinal) { "fix-failing-test", "fix-build", "remove-warning" };

    /// <summary>How the attempt ended.</summary>
    [Input(Description = "accepted, rejected or failed.", UIHint = "Dropdown", Options = ["accepted", "rejected", "failed"], Order = 0)]
    public Input<string> Outcome { get; set; } = null!;

    /// <summary>The gap worked on.</summary>
    [Input(Description = "The gap (FindGaps' topGap).", Order = 1)]
    public Input<object> Gap { get; set; } = null!;

    /// <summary>The research.</summary>
    [Input(Description = "Research's context (its errorExcerpts are the gap's errors).", Order = 2)]
    public Input<object> Research { get; set; } = null!;

    /// <summary>The plan.</summary>
    [Input(Description = "Plan's plan (its prompt is kept with the experience).", Order = 3)]
    public Input<object> Plan { get; set; } = null!;

    /// <summary>Whether a human decided.</summary>
    [Input(Description = "true when a human approved or rejected the change.", Order = 4)]
    public Input<bool> HumanIntervention { get; set; } = null!;

    /// <summary>The experience's id.</summary>
    [Output(Description = "The recorded experience's id.")]
    public Output<string> ExperienceId { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var outcome = (context.Get(Outcome) ?? "").Trim().ToLowerInvariant() switch
        {
            "accepted" => ExperienceOutcome.Accepted,
            "rejected" => ExperienceOutcome.Rejected,
            "failed" => ExperienceOutcome.Failed,
            var other => throw new WorkflowFaultException($"{context.ActivityId}: outcome '{other}' is not known; use accepted, rejected or failed.", PlainRecords.InvalidInputCode),
        };
        var gap = PlainRecords.Read<GapView>(context.Get(Gap), context.ActivityId, "gap");
        var research = context.Get(Research) is { } r ? PlainRecords.Read<ResearchView>(r, context.ActivityId, "research") : new ResearchView(null);
        var plan = context.Get(Plan) is { } p ? PlainRecords.Read<PlanView>(p, context.ActivityId, "plan") : new PlanView(null, null);
        var validation = CycleState.Read<ValidationView>(context, CycleVariables.Validation);
        var runs = CycleState.Runs(context);

        var gapErrors = ErrorTaskTypes.Contains(gap.TaskType) ? (research.ErrorExcerpts ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).ToList() : [];
        var errors = gapErrors.Select(e => new ErrorObservation(e, "assessment")).ToList();
        if (outcome != ExperienceOutcome.Accepted && validation is not null)
        {
            errors.AddRange((validation.NewFailures ?? []).Select(f => new ErrorObservation($"{f.Name}: {f.Message}".TrimEnd(' ', ':'), "validation", "test-failure")));
            errors.AddRange((validation.Failures ?? []).Select(f => new ErrorObservation(f, "validation", "gate")));
        }
        errors.AddRange(runs.Where(run => !run.Success && !string.IsNullOrWhiteSpace(run.Error)).Select(run => new ErrorObservation(run.Error!, "claude")));
        var fixedGap = outcome == ExperienceOutcome.Accepted && gapErrors.Count > 0;

        var recorded = await context.GetRequiredService<ILearningService>().RecordAttemptAsync(new AttemptRecord
        {
            Task = new LearningTask(gap.GoalId ?? gap.TaskType, gap.TaskType, gap.Summary, gap.Key),
            Outcome = outcome,
            Approach = new Approach { Name = ApproachName(gap, plan, runs), Turns = runs.Sum(run => run.Turns) },
            AttemptId = context.ExecutionId,
            CycleId = context.GetVariable(CycleVariables.CycleId) as string,
            InstanceId = context.InstanceId,
            Prompt = plan.Prompt,
            HumanIntervention = context.Get(HumanIntervention),
            MetricsBefore = validation?.MetricsBefore ?? CycleState.Read<SnapshotView>(context, CycleVariables.Snapshot)?.Metrics ?? [],
            MetricsAfter = validation?.MetricsAfter ?? [],
            Improvement = validation?.ImprovementScore,
            CostUsd = runs.Sum(run => run.CostUsd),
            Tokens = runs.Sum(run => run.Tokens?.Total ?? 0),
            Duration = TimeSpan.FromMilliseconds(runs.Sum(run => run.DurationMs)),
            ErrorsSeen = errors,
            Fix = fixedGap ? new AttemptFix($"{gap.Summary}: {Describe(runs)}", [.. Enumerable.Range(0, gapErrors.Count)]) : null,
            AppliedSolutionIds = TestedTheOfferedFixes(outcome, context.Get(HumanIntervention))
                ? [.. (research.Notes ?? []).SelectMany(n => n.SolutionIds ?? []).Distinct()]
                : [],
        }, context.CancellationToken);
        context.Set(ExperienceId, recorded.ExperienceId);
        context.WriteLine($"learn: {outcome.ToString().ToLowerInvariant()} attempt recorded ({errors.Count} error(s){(fixedGap ? ", fix kept as a solution" : "")})");
        context.Complete();
    }

    // A known fix that really ran (ApplyKnownFix's runs) is its own approach, so the miner learns whether the syntax edit
    // works and turns it off after repeated failures; anything else is the task type's prompt template.
    private static string ApproachName(GapView gap, PlanView plan, List<RunView> runs) =>
        plan.Fix?.DiagnosticId is { Length: > 0 } id && runs.Count > 0 && runs.All(r => r.Subtype == KnownFixRun.Subtype)
            ? KnownCodeFixes.ApproachName(id)
            : LearningGapAdvisor.ApproachName(gap.TaskType);

    // Only a verdict of validation says whether the fixes research offered worked: accepted, or rejected by the gates.
    // A human's rejection, a failed run or a spent budget says nothing about them, so they are not scored then.
    private static bool TestedTheOfferedFixes(ExperienceOutcome outcome, bool humanIntervention) =>
        outcome == ExperienceOutcome.Accepted || (outcome == ExperienceOutcome.Rejected && !humanIntervention);

    // What the model said it did (its final text), short: the solution's description.
    private static string Describe(List<RunView> runs)
    {
        var text = string.Join(" ", runs.Select(r => r.Text).Where(t => !string.IsNullOrWhiteSpace(t))).Trim();
        return text.Length == 0 ? "changed by Claude Code" : text.Length > 400 ? text[..400] : text;
    }
}

internal sealed record ResearchView(List<string>? ErrorExcerpts, List<ResearchNoteView>? Notes = null);

internal sealed record ResearchNoteView(List<long>? SolutionIds);

internal sealed record PlanView(string? Prompt, string? TaskType, PlanFixView? Fix = null);

internal sealed record PlanFixView(string? DiagnosticId);
