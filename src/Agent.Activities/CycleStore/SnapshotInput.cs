using Agent.Activities.Assessment;

namespace Agent.Activities.CycleStore;

/// <summary>Reads the snapshot an activity's <c>snapshotId</c> input names, for the steps that follow AssessState.</summary>
internal static class SnapshotInput
{
    /// <summary>The snapshot; a missing one faults the activity, saying what to bind.</summary>
    public static async Task<MeasurementSnapshot> ReadAsync(ActivityExecutionContext context, Input<long> snapshotId)
    {
        var id = context.Get(snapshotId);
        return await context.GetRequiredService<SnapshotStore>().FindAsync(id, context.CancellationToken)
            ?? throw new WorkflowFaultException($"{context.ActivityId}: there is no snapshot {id}; bind 'snapshotId' to AssessState's output.", ActivityInputs.InvalidInputCode);
    }
}
