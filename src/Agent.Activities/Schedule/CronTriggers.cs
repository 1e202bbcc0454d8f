using Agent.Workflows.Model;

namespace Agent.Activities.Schedule;

/// <summary>A definition's cron trigger: the <c>Elsa.Cron</c> activity it starts with and its expression.</summary>
public sealed record CronTrigger(string ActivityId, string Expression, string QuartzExpression);

/// <summary>
/// Finds the cron trigger of a definition the way Elsa does: an <c>Elsa.Cron</c> activity in the root flowchart that
/// starts the flow (no inbound connection) is the workflow's trigger; its literal expression is the schedule.
/// </summary>
public static class CronTriggers
{
    /// <summary>The activity type of the cron trigger.</summary>
    public const string CronType = "Elsa.Cron";

    /// <summary>The definition's cron trigger, or null when it has none.</summary>
    /// <exception cref="ScheduleException">The trigger's expression is not literal or cannot be scheduled.</exception>
    public static CronTrigger? Find(WorkflowDefinition definition)
    {
        var root = definition.Root;
        var targets = (root.Connections ?? []).Select(c => c.Target.Activity).ToHashSet(StringComparer.Ordinal);
        var node = (root.Activities ?? []).FirstOrDefault(a => a.Type == CronType && !targets.Contains(a.Id));
        if (node is null) return null;
        var input = node.GetInput("cronExpression");
        if (input?.Expression is not { Type: "Literal" } literal)
            throw new ScheduleException($"The cron trigger '{node.Id}' of '{definition.DefinitionId}' needs a literal cronExpression (a script cannot be scheduled), e.g. '0 2 * * *'.");
        return new CronTrigger(node.Id, literal.Text ?? "", QuartzCron.Translate(literal.Text, node.Id));
    }
}
