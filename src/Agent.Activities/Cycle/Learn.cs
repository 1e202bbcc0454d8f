using Agent.Activities.Gaps;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Incidents;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.SelfModification.CodeFixes;
using Agent.Workflows.Activities;
using Agent.Workflows.Execution;

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

    /// <summary>How the attempt ended.</summary>
    [Input(Description = "accepted (merged, gap closed), rejected, rolled-back (reverted after the merge), failed, or unmeasured (recorded as an incident).",
        UIHint = "Dropdown", Options = ["accepted", "rejected", "rolled-back", "failed", "unmeasured"], Order = 0)]
    public Input<string> Outcome { get; set; } = null!;

    /// <summary>Why it ended so.</summary>
    [Input(Description = "Why the attempt ended so, in one line (the incident's message when it could not be measured).", Order = 1)]
    public Input<string> Reason { get; set; } = null!;

    /// <summary>The gap worked on.</summary>
    [Input(Description = "The gap (FindGaps' topGap).", Order = 2)]
    public Input<object> Gap { get; set; } = null!;

    /// <summary>The research.</summary>
    [Input(Description = "Research's context (its errorExcerpts are the gap's errors).", Order = 3)]
    public Input<object> Research { get; set; } = null!;

    /// <summary>The plan.</summary>
    [Input(Description = "Plan's output (its prompt is kept with the experience).", Order = 4)]
    public Input<object> Plan { get; set; } = null!;

    /// <summary>Claude's runs.</summary>
    [Input(Description = "The execution's results (ClaudeExecute's or ApplyKnownFix's results); empty when nothing ran.", Order = 5)]
    public Input<object> Execution { get; set; } = null!;

    /// <summary>Validation's verdict.</summary>
    [Input(Description = "Validate's result; empty when the change was never validated.", Order = 6)]
    public Input<object> Validation { get; set; } = null!;

    /// <summary>The merge.</summary>
    [Input(Description = "SelfModify's merge result (its commit is the solution's link); empty when the change was not merged.", Order = 7)]
    public Input<object> Change { get; set; } = null!;

    /// <summary>The snapshot before.</summary>
    [Input(Description = "AssessState's snapshot (its metrics are the attempt's 'before' when validation did not run).", Order = 8)]
    public Input<object> Snapshot { get; set; } = null!;

    /// <summary>The target repository.</summary>
    [Input(Description = "The target repository (BeginCycle's target); knowledge is kept per repository.", Order = 9)]
    public Input<string> Target { get; set; } = null!;

    /// <summary>The cycle's id.</summary>
    [Input(Description = "The cycle's id (BeginCycle's cycleId).", Order = 10)]
    public Input<string> CycleId { get; set; } = null!;

    /// <summary>Whether a human decided.</summary>
    [Input(Description = "true when a human approved or rejected the change.", Order = 11)]
    public Input<bool> HumanIntervention { get; set; } = null!;

    /// <summary>The experience's id.</summary>
    [Output(Description = "The recorded experience's id; empty for an incident.")]
    public Output<string> ExperienceId { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var said = (context.Get(Outcome) ?? "").Trim().ToLowerInvariant();
        if (!Outcomes.Contains(said))
            throw new WorkflowFaultException($"{context.ActivityId}: outcome '{said}' is not known; use one of {string.Join(", ", Outcomes)}.", PlainRecords.InvalidInputCode);
        var gap = PlainRecords.Read<GapView>(context.Get(Gap), context.ActivityId, "gap");
        var target = context.Get(Target) is { Length: > 0 } t ? t : null;
        if (said == "unmeasured")
        {
            await RecordIncidentAsync(context, gap, target);
            return;
        }
        var outcome = said switch
        {
            "accepted" => ExperienceOutcome.Accepted,
            "rejected" => ExperienceOutcome.Rejected,
            "rolled-back" => ExperienceOutcome.RolledBack,
            _ => ExperienceOutcome.Failed,
        };
        var research = Optional<ResearchView>(context, Research, "research") ?? new ResearchView(null);
        var plan = Optional<PlanView>(context, Plan, "plan") ?? new PlanView(null, null);
        var validation = Optional<ValidationView>(context, Validation, "validation");
        var change = Optional<ChangeView>(context, Change, "change");
        var runs = Optional<List<RunView>>(context, Execution, "execution") ?? [];
        var humanIntervention = context.Get(HumanIntervention);
        var merged = outcome is ExperienceOutcome.Accepted or ExperienceOutcome.RolledBack ? change?.Commit : null;
        if (outcome == ExperienceOutcome.Accepted && (merged is null || validation?.GapClosed != true))
            throw new WorkflowFaultException($"{context.ActivityId}: outcome 'accepted' needs the merged commit (input change) and a validation that shows the gap closed "
                + "(input validation); bind them, or give the outcome the cycle really had.", PlainRecords.InvalidInputCode);

        var gapErrors = ErrorTaskTypes.Contains(gap.TaskType) ? (research.ErrorExcerpts ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).ToList() : [];
        var errors = gapErrors.Select(e => new ErrorObservation(e, "assessment")).ToList();
        if (outcome != ExperienceOutcome.Accepted && validation is not null)
        {
            errors.AddRange((validation.NewFailures ?? []).Select(f => new ErrorObservation($"{f.Name}: {f.Message}".TrimEnd(' ', ':'), "validation", "test-failure")));
            errors.AddRange((validation.Failures ?? []).Select(f => new ErrorObservation(f, "validation", "gate")));
        }
        errors.AddRange(runs.Where(run => !run.Success && !string.IsNullOrWhiteSpace(run.Error)).Select(run => new ErrorObservation(run.Error!, "claude")));
        var fixedGap = outcome == ExperienceOutcome.Accepted && gapErrors.Count > 0;
        var snapshot = Optional<SnapshotView>(context, Snapshot, "snapshot");

        var recorded = await context.GetRequiredService<ILearningService>().RecordAttemptAsync(new AttemptRecord
        {
            Task = new LearningTask(gap.GoalId ?? gap.TaskType, gap.TaskType, gap.Summary, gap.Key, target),
            Outcome = outcome,
            Approach = new Approach { Name = ApproachName(plan, runs, gap), Turns = runs.Sum(run => run.Turns) },
            AttemptId = context.ExecutionId,
            CycleId = context.Get(CycleId) is { Length: > 0 } id ? id : context.InstanceId,
            InstanceId = context.InstanceId,
            Prompt = plan.Prompt,
            HumanIntervention = humanIntervention,
            GapClosed = validation?.GapClosed == true,
            MergedCommit = merged,
            MetricsBefore = validation?.MetricsBefore ?? snapshot?.Metrics ?? [],
            MetricsAfter = validation?.MetricsAfter ?? [],
            Improvement = validation?.ImprovementScore,
            CostUsd = runs.Sum(run => run.CostUsd),
            Tokens = runs.Sum(run => run.Tokens?.Total ?? 0),
            Duration = TimeSpan.FromMilliseconds(runs.Sum(run => run.DurationMs)),
            ErrorsSeen = errors,
            Fix = fixedGap ? new AttemptFix(SolutionText.Of(runs, validation!, merged!), [.. Enumerable.Range(0, gapErrors.Count)]) : null,
            AppliedSolutionIds = TestedTheOfferedFixes(outcome, humanIntervention)
                ? [.. (research.Notes ?? []).SelectMany(n => n.SolutionIds ?? []).Distinct()]
                : [],
        }, context.CancellationToken);
        context.Set(ExperienceId, recorded.ExperienceId);
        context.WriteLine($"learn: {said} attempt recorded ({errors.Count} error(s){(fixedGap ? $", fix kept as a solution, linked to {merged![..Math.Min(10, merged!.Length)]}" : "")})");
        context.Complete();
    }

    private async Task RecordIncidentAsync(ActivityExecutionContext context, GapView gap, string? target)
    {
        var message = context.Get(Reason) is { Length: > 0 } reason ? reason : "the change could not be measured";
        await context.GetRequiredService<IncidentStore>().RecordAsync(new IncidentReport(IncidentKinds.Unmeasured, message, target,
            context.Get(CycleId), context.InstanceId, gap.Key, Key: context.ExecutionId), context.CancellationToken);
        context.Set(ExperienceId, "");
        context.WriteLine($"learn: no attempt recorded, incident kept instead: {message}");
        context.Complete();
    }

    private static T? Optional<T>(ActivityExecutionContext context, Input<object> input, string name) where T : class =>
        context.Get(input) is { } plain ? PlainRecords.Read<T>(plain, context.ActivityId, name) : null;

    // A known fix that really ran (ApplyKnownFix's runs) is its own approach, so the miner learns whether the syntax edit
    // works and turns it off after repeated failures; anything else is the task type's prompt template.
    private static string ApproachName(PlanView plan, List<RunView> runs, GapView gap) =>
        plan.Fix?.DiagnosticId is { Length: > 0 } id && runs.Count > 0 && runs.All(r => r.Subtype == KnownFixRun.Subtype)
            ? KnownCodeFixes.ApproachName(id)
            : LearningGapAdvisor.ApproachName(gap.TaskType);

    // Only a verdict of validation says whether the fixes research offered worked: accepted, rejected by the gates, or
    // rolled back after the merge. A human's rejection, a failed run or a spent budget says nothing about them.
    private static bool TestedTheOfferedFixes(ExperienceOutcome outcome, bool humanIntervention) =>
        outcome is ExperienceOutcome.Accepted or ExperienceOutcome.RolledBack || (outcome == ExperienceOutcome.Rejected && !humanIntervention);
}

internal sealed record ResearchView(List<string>? ErrorExcerpts, List<ResearchNoteView>? Notes = null);

internal sealed record ResearchNoteView(List<long>? SolutionIds);

internal sealed record PlanView(string? Prompt, string? TaskType, PlanFixView? Fix = null);

internal sealed record PlanFixView(string? DiagnosticId);
