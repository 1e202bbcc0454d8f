using Agent.Workflows.Model;
using Agent.Workflows.Validation;
using Agent.Workflows.Versioning;

namespace Agent.Activities.Schedule;

/// <summary>
/// Rejects a definition whose cron trigger cannot be scheduled when it is saved, imported or published, so nothing
/// unschedulable is ever stored (the engine's own check covers the expression; this one covers the scheduler's dialect).
/// </summary>
public sealed class ScheduleDefinitionValidator : IWorkflowDefinitionValidator
{
    /// <inheritdoc />
    public IReadOnlyList<DefinitionValidationError> Validate(WorkflowDefinition definition)
    {
        try
        {
            CronTriggers.Find(definition);
            return [];
        }
        catch (ScheduleException e)
        {
            var index = (definition.Root.Activities ?? []).FindIndex(a => a.Type == CronTriggers.CronType);
            return [new DefinitionValidationError($"$.root.activities[{index}].cronExpression", e.Message)];
        }
    }
}
