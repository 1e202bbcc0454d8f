using Agent.Activities.Cycle;
using Agent.Activities.SelfModification;

namespace Agent.Activities.Assessment;

/// <summary>
/// Measures the target repository and stores a snapshot (<see cref="AssessmentService"/>), and measures the agent's own
/// KPIs (<see cref="IAgentKpiSource"/>). The target's HEAD is measured in a throwaway checkout beside the task
/// worktrees (<see cref="TaskWorktrees.InCheckoutAsync"/>), so the base and the change are built and tested the same way,
/// in the same kind of place, and the target's own folder is never written to.
/// </summary>
/// <remarks>Safe to rerun: it only reads the target and adds a snapshot and KPI points.</remarks>
[Activity("Agent", "Improvement cycle", "Measures a target repository (build, tests, coverage, TODOs, docs, dependencies) and stores a snapshot.", DisplayName = "Assess State")]
public sealed class AssessState : IActivity
{
    /// <summary>The target repository.</summary>
    [Input(Description = "The path of the git repository to measure.", Order = 0)]
    public Input<string> TargetPath { get; set; } = null!;

    /// <summary>The snapshot.</summary>
    [Output(Description = "id, targetPath, commitId, takenAt, metrics, unknown, failingTests, diagnostics, undocumentedMembers, todos, outdatedPackages.")]
    public Output<object> Snapshot { get; set; } = null!;

    /// <summary>The stored snapshot's id.</summary>
    [Output(Description = "The stored snapshot's id (for FindGaps and Research).")]
    public Output<long> SnapshotId { get; set; } = null!;

    /// <summary>The measured metrics.</summary>
    [Output(Description = "Metric name → value (only measured ones).")]
    public Output<object> Metrics { get; set; } = null!;

    /// <summary>The agent's KPIs.</summary>
    [Output(Description = "The agent's KPIs (autonomy, improvementVelocity, errorRecovery, learningEfficiency, resourceEfficiency), or null without a learning system.")]
    public Output<object?> Kpis { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var target = context.Get(TargetPath);
        if (string.IsNullOrWhiteSpace(target)) throw new WorkflowFaultException($"{context.ActivityId}: 'targetPath' is empty; give the path of a git repository.", "cycle-invalid-target");
        MeasurementSnapshot snapshot;
        try
        {
            snapshot = await MeasureBaseAsync(context, target);
        }
        catch (Exception e) when (e is AssessmentException or SelfModificationException or GitCommandException)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", "cycle-invalid-target");
        }
        context.Set(Snapshot, snapshot);
        context.Set(SnapshotId, snapshot.Id);
        context.Set(Metrics, snapshot.Metrics);
        context.Set(Kpis, await context.GetRequiredService<IAgentKpiSource>().MeasureAsync(context.CancellationToken));
        context.Complete();
    }

    private static async Task<MeasurementSnapshot> MeasureBaseAsync(ActivityExecutionContext context, string target)
    {
        var assessment = context.GetRequiredService<AssessmentService>();
        var progress = new WriteLineProgress(context, "assess: ");
        var probe = context.GetRequiredService<GitRepositoryProbe>();
        var root = await probe.RequireRootAsync(target, context.CancellationToken);
        // A repository without commits has nothing to check out: it is measured where it is.
        if (await probe.HeadCommitAsync(root, context.CancellationToken) is not { } head)
            return await assessment.AssessAsync(root, progress, context.CancellationToken);
        return await context.GetRequiredService<TaskWorktrees>().InCheckoutAsync(root, context.InstanceId, "baseline", head,
            checkout => assessment.AssessAsync(root, checkout, progress, context.CancellationToken), context.CancellationToken);
    }
}
