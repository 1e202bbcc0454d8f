namespace Agent.Activities.Learning;

/// <summary>Checks an <see cref="AttemptRecord"/> before anything is written, naming the field and the fix.</summary>
internal static class AttemptValidator
{
    public static void Validate(AttemptRecord a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var errors = new List<string>();
        if (a.Task is null) errors.Add("task is missing; give the goal, task type and description.");
        else
        {
            if (string.IsNullOrWhiteSpace(a.Task.Goal)) errors.Add("task.goal is empty; give the goal the task serves.");
            if (string.IsNullOrWhiteSpace(a.Task.TaskType)) errors.Add("task.taskType is empty; give the kind of task, e.g. fix-build.");
            if (string.IsNullOrWhiteSpace(a.Task.Description)) errors.Add("task.description is empty; say what the task asked for.");
        }
        if (!Enum.IsDefined(a.Outcome)) errors.Add($"outcome {(int)a.Outcome} is unknown; use Accepted, Rejected, RolledBack or Failed.");
        if (a.CostUsd < 0 || !double.IsFinite(a.CostUsd)) errors.Add($"costUsd is {a.CostUsd}; give 0 or more.");
        if (a.Tokens < 0) errors.Add($"tokens is {a.Tokens}; give 0 or more.");
        if (a.Duration < TimeSpan.Zero) errors.Add($"duration is {a.Duration}; it cannot be negative.");
        if (a.Approach.Turns < 0) errors.Add($"approach.turns is {a.Approach.Turns}; give 0 or more.");
        // An accepted task is a merged change that closed its gap; nothing less is counted or learned as one.
        if (a.Outcome == Persistence.ExperienceOutcome.Accepted && (string.IsNullOrWhiteSpace(a.MergedCommit) || !a.GapClosed))
            errors.Add("outcome is Accepted but the attempt is not a merged change that closed its gap; give mergedCommit and gapClosed, or record it as Rejected or Failed.");
        if (a.MergedCommit is not null && a.Outcome is not (Persistence.ExperienceOutcome.Accepted or Persistence.ExperienceOutcome.RolledBack))
            errors.Add($"mergedCommit is given for a {a.Outcome} attempt; only an accepted (or rolled back) change was merged.");
        if (a.Improvement is { } i && !double.IsFinite(i)) errors.Add($"improvement is {i}; give a finite number or none.");
        for (var k = 0; k < a.ErrorsSeen.Count; k++)
            if (a.ErrorsSeen[k] is null || string.IsNullOrWhiteSpace(a.ErrorsSeen[k].Text)) errors.Add($"errorsSeen[{k}] has no text; give the error's message.");
        foreach (var (name, value) in a.MetricsBefore.Concat(a.MetricsAfter))
            if (!double.IsFinite(value)) errors.Add($"metric '{name}' is {value}; give a finite number.");
        if (a.Fix is { } fix)
        {
            if (string.IsNullOrWhiteSpace(fix.Description)) errors.Add("fix.description is empty; describe the change or prompt that resolved the errors.");
            if (a.ErrorsSeen.Count == 0) errors.Add("fix is given but errorsSeen is empty; record the errors the fix resolved.");
            // A solution is knowledge the next prompt trusts: only an accepted (merged, gap closed) change may leave one.
            if (a.Outcome != Persistence.ExperienceOutcome.Accepted)
                errors.Add($"fix is given for a {a.Outcome} attempt; only an accepted change leaves a solution, so record it without a fix.");
            foreach (var index in fix.FixedErrors ?? [])
                if (index < 0 || index >= a.ErrorsSeen.Count) errors.Add($"fix.fixedErrors has {index}, outside errorsSeen (0..{a.ErrorsSeen.Count - 1}).");
        }
        if (errors.Count > 0) throw new LearningInputException("The attempt was not recorded: " + string.Join(" ", errors));
    }
}
