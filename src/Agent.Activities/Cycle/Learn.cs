using Agent.Activities.Approvals;
using Agent.Activities.Assessment;
using Agent.Activities.Claude;
using Agent.Activities.Gaps;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Incidents;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.Planning;
using Agent.Activities.Research;
using Agent.Activities.SelfModification;
using Agent.Activities.SelfModification.CodeFixes;
using Agent.Activities.Validation;

namespace Agent.Activities.Cycle;

/// <summary>
/// Records the cycle's attempt in the learning system once its end is known (after the merge or the discard): the
/// experience (gap, task type, approach, outcome, metrics before and after, cost, tokens, duration, merged commit), the
/// errors seen, and — only for an accepted change, which validation proved closed its gap and which was merged — the fix
/// as the solution of the gap's errors, in this run's own words and diff, linked to the merged commit. A change that
/// could not be measured is an incident, not an attempt. The solutions research offered are scored by validation's
/// verdict (accepted, or rejected by the gates or rolled back; not when a human rejected the change). The record is keyed
/// by the execution's id, so re-running this step after a crash stores it once.
/// </summary>
[Activity("Agent", "Improvement cycle", "Records the attempt, its errors and — for a merged change that closed its gap — its fix in the learning system.", DisplayName = "Learn")]
public sealed class Learn : IActivity
{
    /// <summary>The outcomes Learn takes.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["accepted", "rejected", "rolled-back", "failed", "unmeasured"];

    // Task types whose gap is an error the change fixes: its excerpts become the errors the fix solves.
    private static readonly HashSet<string> ErrorTaskTypes = new(StringComparer.Ordinal) { TaskTypes.FixFailingTest, TaskTypes.FixBuild, TaskTypes.RemoveWarning };

    /// <summary>How the cycle ended.</summary>
    [Input(Description = "How the cycle ended (EndCycle's ending): its learnAs is how the attempt is recorded — accepted (merged, gap closed), rejected, rolled-back, failed, unmeasured (an incident) or empty (nothing to learn) — and its reason.", Order = 0)]
    [Required]
    public Input<CycleEnding> Ending { get; set; } = null!;

    /// <summary>The gap worked on.</summary>
    [Input(Description = "The gap (FindGaps' topGap).", Order = 1)]
    [Required]
    public Input<Gap> Gap { get; set; } = null!;

    /// <summary>The research.</summary>
    [Input(Description = "Research's context (its errorExcerpts are the gap's errors, its notes the solutions it offered).", Order = 2)]
    public Input<ResearchContext> Research { get; set; } = null!;

    /// <summary>The plan.</summary>
    [Input(Description = "Plan's result (its prompt is kept with the experience; a known fix names its approach).", Order = 3)]
    public Input<TaskPlan> Plan { get; set; } = null!;

    /// <summary>Claude's runs.</summary>
    [Input(Description = "The execution's results (ClaudeExecute's or ApplyKnownFix's results); empty when nothing ran.", Order = 4)]
    public Input<List<ClaudeRunSummary>> Execution { get; set; } = null!;

    /// <summary>Validation's verdict.</summary>
    [Input(Description = "Validate's result; empty when the change was never validated.", Order = 5)]
    public Input<ValidationReport> Validation { get; set; } = null!;

    /// <summary>The merge.</summary>
    [Input(Description = "The merge's or discard's result (a merged commit is the solution's link); empty when neither ran.", Order = 6)]
    public Input<ChangeResult> Change { get; set; } = null!;

    /// <summary>The snapshot before.</summary>
    [Input(Description = "AssessState's snapshot (its metrics are the attempt's 'before' when validation did not run).", Order = 7)]
    public Input<MeasurementSnapshot> Snapshot { get; set; } = null!;

    /// <summary>The human's decision.</summary>
    [Input(Description = "HumanApproval's decision, when a human decided (the attempt then counts as not autonomous).", Order = 8)]
    public Input<ApprovalRecord> Decision { get; set; } = null!;

    /// <summary>The target repository.</summary>
    [Input(Description = "The target repository (BeginCycle's target); knowledge is kept per repository.", Order = 9)]
    [Required]
    public Input<string> Target { get; set; } = null!;

    /// <summary>The cycle's id.</summary>
    [Input(Description = "The cycle's id (BeginCycle's cycleId).", Order = 10)]
    public Input<string> CycleId { get; set; } = null!;

    /// <summary>The experience's id.</summary>
    [Output(Description = "The recorded experience's id; empty for an incident.")]
    public Output<string> ExperienceId { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var ending = context.Get(Ending) ?? throw new WorkflowFaultException($"{context.ActivityId}: input 'ending' is empty; bind it to EndCycle's ending (the variable 'ending').", ActivityInputs.InvalidInputCode);
        var said = ending.LearnAs.Trim().ToLowerInvariant();
        var gap = context.Get(Gap) ?? throw new WorkflowFaultException($"{context.ActivityId}: input 'gap' is empty; bind it to FindGaps' topGap.", ActivityInputs.InvalidInputCode);
        var target = context.Get(Target) is { Length: > 0 } t ? t : null;
        if (said.Length == 0)
        {
            context.Set(ExperienceId, "");
            context.Complete();
            return;
        }
        if (!Outcomes.Contains(said))
            throw new WorkflowFaultException($"{context.ActivityId}: learnAs '{said}' is not known; use one of {string.Join(", ", Outcomes)}.", ActivityInputs.InvalidInputCode);
        if (said == "unmeasured")
        {
            await RecordIncidentAsync(context, gap, target, ending.Reason);
            return;
        }
        var outcome = said switch
        {
            "accepted" => ExperienceOutcome.Accepted,
            "rejected" => ExperienceOutcome.Rejected,
            "rolled-back" => ExperienceOutcome.RolledBack,
            _ => ExperienceOutcome.Failed,
        };
        var research = context.Get(Research);
        var plan = context.Get(Plan);
        var validation = context.Get(Validation);
        var change = context.Get(Change);
        var runs = context.Get(Execution) ?? [];
        var humanIntervention = context.Get(Decision) is not null;
        var merged = outcome is ExperienceOutcome.Accepted or ExperienceOutcome.RolledBack ? change?.Commit : null;
        if (outcome == ExperienceOutcome.Accepted && (merged is null || validation?.GapClosed != true))
            throw new WorkflowFaultException($"{context.ActivityId}: outcome 'accepted' needs the merged commit (input change) and a validation that shows the gap closed "
                + "(input validation); bind them, or give the outcome the cycle really had.", ActivityInputs.InvalidInputCode);

        var gapErrors = ErrorTaskTypes.Contains(gap.TaskType) ? (research?.ErrorExcerpts ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).ToList() : [];
        var errors = gapErrors.Select(e => new ErrorObservation(e, "assessment")).ToList();
        if (outcome != ExperienceOutcome.Accepted && validation is not null)
        {
            errors.AddRange(validation.NewFailures.Select(f => new ErrorObservation($"{f.Name}: {f.Message}".TrimEnd(' ', ':'), "validation", "test-failure")));
            errors.AddRange(validation.Failures.Select(f => new ErrorObservation(f, "validation", "gate")));
        }
        errors.AddRange(runs.Where(run => !run.Success && !string.IsNullOrWhiteSpace(run.Error)).Select(run => new ErrorObservation(run.Error!, "claude")));
        var fixedGap = outcome == ExperienceOutcome.Accepted && gapErrors.Count > 0;

        var recorded = await context.GetRequiredService<ILearningService>().RecordAttemptAsync(new AttemptRecord
        {
            Task = new LearningTask(gap.GoalId, gap.TaskType, gap.Summary, gap.Key, target),
            Outcome = outcome,
            Approach = new Approach { Name = ApproachName(plan, runs, gap), Turns = runs.Sum(run => run.Turns) },
            AttemptId = context.ExecutionId,
            CycleId = context.Get(CycleId) is { Length: > 0 } id ? id : context.InstanceId,
            InstanceId = context.InstanceId,
            Prompt = plan?.Tasks.Count > 0 ? plan.Prompt : null,
            HumanIntervention = humanIntervention,
            GapClosed = validation?.GapClosed == true,
            MergedCommit = merged,
            MetricsBefore = validation?.MetricsBefore ?? context.Get(Snapshot)?.Metrics ?? new Dictionary<string, double>(),
            MetricsAfter = validation?.MetricsAfter ?? new Dictionary<string, double>(),
            Improvement = validation?.ImprovementScore,
            CostUsd = runs.Sum(run => run.CostUsd),
            Tokens = runs.Sum(run => run.Tokens?.Total ?? 0),
            Duration = TimeSpan.FromMilliseconds(runs.Sum(run => run.DurationMs)),
            ErrorsSeen = errors,
            Fix = fixedGap ? new AttemptFix(SolutionText.Of(runs, validation!, merged!), [.. Enumerable.Range(0, gapErrors.Count)]) : null,
            AppliedSolutionIds = TestedTheOfferedFixes(outcome, humanIntervention)
                ? [.. (research?.Notes ?? []).SelectMany(n => n.SolutionIds ?? []).Distinct()]
                : [],
        }, context.CancellationToken);
        context.Set(ExperienceId, recorded.ExperienceId);
        context.WriteLine($"learn: {said} attempt recorded ({errors.Count} error(s){(fixedGap ? $", fix kept as a solution, linked to {merged![..Math.Min(10, merged!.Length)]}" : "")})");
        context.Complete();
    }

    private async Task RecordIncidentAsync(ActivityExecutionContext context, Gap gap, string? target, string reason)
    {
        var message = reason is { Length: > 0 } ? reason : "the change could not be measured";
        await context.GetRequiredService<IncidentStore>().RecordAsync(new IncidentReport(IncidentKinds.Unmeasured, message, target,
            context.Get(CycleId), context.InstanceId, gap.Key, Key: context.ExecutionId), context.CancellationToken);
        context.Set(ExperienceId, "");
        context.WriteLine($"learn: no attempt recorded, incident kept instead: {message}");
        context.Complete();
    }

    // A known fix that really ran (ApplyKnownFix's runs) is its own approach, so the miner learns whether the syntax edit
    // works and turns it off after repeated failures; anything else is the task type's prompt template.
    private static string ApproachName(TaskPlan? plan, List<ClaudeRunSummary> runs, Gap gap) =>
        plan?.Fix?.DiagnosticId is { Length: > 0 } id && runs.Count > 0 && runs.All(r => r.Subtype == KnownFixRun.Subtype)
            ? KnownCodeFixes.ApproachName(id)
            : LearningGapAdvisor.ApproachName(gap.TaskType);

    // Only a verdict of validation says whether the fixes research offered worked: accepted, rejected by the gates, or
    // rolled back after the merge. A human's rejection, a failed run or a spent budget says nothing about them.
    private static bool TestedTheOfferedFixes(ExperienceOutcome outcome, bool humanIntervention) =>
        outcome is ExperienceOutcome.Accepted or ExperienceOutcome.RolledBack || (outcome == ExperienceOutcome.Rejected && !humanIntervention);
}
