using Agent.Activities.Learning;

namespace Agent.Activities.Cycle;

/// <summary>
/// Tells the learning system that an accepted change was reverted (<see cref="ILearningService.RecordRollbackAsync"/>):
/// its experience becomes rolled back, its fix counts a failure, and the patterns of its task type are mined again, so
/// an approach whose changes keep being reverted turns into an anti-pattern. Repeating it changes nothing more.
/// </summary>
[Activity("Agent", "Improvement cycle", "Marks the cycle's accepted attempt as rolled back in the learning system.", DisplayName = "Record Rollback")]
public sealed class RecordRollback : IActivity
{
    /// <summary>The attempt's experience.</summary>
    [Input(Description = "The experience to mark (Learn's experienceId).", Order = 0)]
    public Input<string> ExperienceId { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        try
        {
            var changed = await context.GetRequiredService<ILearningService>().RecordRollbackAsync(context.Get(ExperienceId) ?? "", context.CancellationToken);
            context.WriteLine(changed ? "learn: the accepted attempt is recorded as rolled back" : "learn: the attempt was already recorded as rolled back");
        }
        catch (LearningInputException e)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", ActivityInputs.InvalidInputCode);
        }
        context.Complete();
    }
}
