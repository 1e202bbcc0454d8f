using System.Collections.Concurrent;
using Agent.Workflows.Cluster;
using Agent.Workflows.Runtime;
using Agent.Activities.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Cluster;

/// <summary>
/// The takeover sweep: each <see cref="ClusterOptions.HeartbeatInterval"/>, looks for running instances whose lease
/// expired (their replica died) and continues each from its last committed activity through
/// <see cref="WorkflowRuntime.RecoverAsync"/>, which takes the instance lock and claims the lease first — of several
/// sweeping replicas exactly one wins an instance.
/// </summary>
/// <remarks>
/// Each takeover runs on its own: an instance whose next activity takes minutes must not hold up the others. Without
/// leases (SQLite, one machine) it does nothing.
/// </remarks>
public sealed partial class OrphanedInstanceSweep(
    IInstanceLeases? leases, WorkflowRuntime runtime, IOptions<ClusterOptions> options, ILogger<OrphanedInstanceSweep> logger)
    : PeriodicBackgroundService(TimeProvider.System)
{
    // The takeovers this replica is running now, so the next sweep does not start them again.
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.HeartbeatInterval;

    /// <inheritdoc />
    protected override bool IsEnabled => leases is not null;

    /// <inheritdoc />
    protected override bool PassesAtStart => false;

    /// <inheritdoc />
    protected override Task PassAsync(bool first, CancellationToken stoppingToken) => SweepAsync(stoppingToken);

    /// <inheritdoc />
    protected override void OnPassFailed(Exception exception) => LogSweepFailed(exception.Message);

    // Stopping: a takeover cut short leaves its instance Running with no live lease, for another replica to continue.
    /// <inheritdoc />
    protected override Task OnStoppedAsync() =>
        Task.WhenAll(_running.Values).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);

    /// <summary>Starts a takeover of every orphaned instance not already being taken over here.</summary>
    /// <returns>How many takeovers were started.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (leases is null) return 0;
        IReadOnlyList<string> orphaned;
        try { orphaned = await leases.FindOrphanedAsync(cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSweepFailed(e.Message);
            return 0;
        }
        var started = 0;
        foreach (var id in orphaned)
        {
            if (_running.ContainsKey(id)) continue;
            var takeover = new TaskCompletionSource();
            if (!_running.TryAdd(id, takeover.Task)) continue;
            started++;
            _ = Task.Run(async () =>
            {
                try { await runtime.RecoverAsync(id, cancellationToken); }
                catch (Exception e) when (e is not OperationCanceledException) { LogTakeoverFailed(id, e.Message); }
                catch (OperationCanceledException) { }
                finally
                {
                    _running.TryRemove(id, out _);
                    takeover.SetResult();
                }
            }, CancellationToken.None);
        }
        return started;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for instances whose lease expired failed: {Reason}. The next sweep tries again.")]
    private partial void LogSweepFailed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Taking over instance {InstanceId} failed: {Reason}. It stays Running; the next sweep tries again while its lease is expired.")]
    private partial void LogTakeoverFailed(string instanceId, string reason);
}
