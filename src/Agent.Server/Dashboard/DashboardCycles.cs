using Agent.Server.MainJob;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Agent.Server.Dashboard;

/// <summary>One improvement cycle as the dashboard lists it: the instance's state plus what its summary says.</summary>
/// <param name="InstanceId">The cycle's workflow instance.</param>
/// <param name="Status">The instance's status (Running, Suspended, Finished, Faulted, Cancelled).</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="FinishedAt">When it ended, or null.</param>
/// <param name="Target">The target repository, from the summary (null before the cycle wrote one).</param>
/// <param name="Outcome">The cycle's outcome (<c>merged</c>, <c>no-gap</c>, <c>rejected</c>…), or null without a summary.</param>
/// <param name="Reason">Why it ended so.</param>
/// <param name="Commit">The merged commit, or null.</param>
/// <param name="CostUsd">What Claude cost in the cycle.</param>
/// <param name="DiffUrl">Where the merged change's diff is served, or null when nothing was merged.</param>
public sealed record CycleRow(string InstanceId, string Status, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? Target, string? Outcome,
    string? Reason, string? Commit, double? CostUsd, string? DiffUrl);

/// <summary>Lists recent improvement cycles (instances of <see cref="MainJob.MainJob.CycleDefinitionId"/>) from the instance store.</summary>
public sealed class DashboardCycles(IWorkflowInstanceStore instances, IOptions<DashboardOptions> options)
{
    /// <summary>The newest cycles first.</summary>
    public async Task<IReadOnlyList<CycleRow>> RecentAsync(CancellationToken cancellationToken)
    {
        var query = new InstanceQuery(MainJob.MainJob.CycleDefinitionId, null, 0, options.Value.RecentItems);
        var list = await instances.ListAsync(query, cancellationToken);
        return [.. list.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal).Select(Row)];
    }

    /// <summary>The cycle <paramref name="instanceId"/>, or null when there is no such cycle.</summary>
    public async Task<CycleRow?> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await instances.FindAsync(instanceId, cancellationToken);
        return instance is null || instance.DefinitionId != MainJob.MainJob.CycleDefinitionId ? null : Row(instance);
    }

    private static CycleRow Row(WorkflowInstance instance)
    {
        var summary = CycleSummary.From(instance);
        string? Text(string key) => summary?.Text(key) is { Length: > 0 } text ? text : null;
        var commit = Text("commit");
        double? cost = double.TryParse(Text("costUsd"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var c) ? c : null;
        return new CycleRow(instance.Id, instance.Status.ToString(), instance.CreatedAt, instance.FinishedAt, Text("target"), Text("outcome"), Text("reason"),
            commit, cost, commit is null ? null : $"{DashboardEndpoints.ApiPath}/cycles/{Uri.EscapeDataString(instance.Id)}/diff");
    }
}
