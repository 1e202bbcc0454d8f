namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// Runs every emergent-behaviour detector once (see <see cref="DetectionSweep"/>) and ends <c>Clear</c> when the
/// coordination may go on, or <c>Paused</c> when it is paused (by this sweep's incidents or an earlier pause).
/// </summary>
[Activity("Agent", "Coordination", "Runs the emergent-behaviour detectors (oscillation, duplicate work, runaway spawning, cost spike, echo loops, deadlock); incidents pause the coordination.", DisplayName = "Detect Emergent Behaviour")]
[FlowNode(ClearOutcome, PausedOutcome)]
public sealed class DetectEmergentBehaviour : IActivity
{
    /// <summary>The coordination is not paused.</summary>
    public const string ClearOutcome = "Clear";
    /// <summary>The coordination is paused.</summary>
    public const string PausedOutcome = "Paused";

    /// <summary>The agents' live workspaces.</summary>
    [Input(Description = "The live workspaces: a list of { agentId, taskId, worktreePath, baseRevision? } (from the work queue); empty to skip the git detectors.", Order = 0)]
    public Input<List<AgentWorkspace>> Workspaces { get; set; } = null!;

    /// <summary>The incidents this run raised.</summary>
    [Output(Description = "The incidents this run raised: id, detector, agents, summary, evidence, action, at.")]
    public Output<List<CoordinationIncident>> Incidents { get; set; } = null!;

    /// <summary>Detectors that could not run.</summary>
    [Output(Description = "Detectors that could not run this time: detector, error.")]
    public Output<List<DetectorFailure>> Failures { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var workspaces = context.Get(Workspaces) ?? [];
        SweepResult result;
        try
        {
            result = await context.GetRequiredService<DetectionSweep>().RunAsync(workspaces, context.CancellationToken);
        }
        catch (DetectionException e)
        {
            throw new WorkflowFaultException($"{context.NodePath}: workspaces: {e.Message}");
        }
        context.Set(Incidents, [.. result.Raised]);
        context.Set(Failures, [.. result.Failures]);
        context.Complete(result.Paused ? PausedOutcome : ClearOutcome);
    }
}
