using Agent.Activities.Cluster;
using Agent.Activities.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Claude;

/// <summary>
/// Each <see cref="ClusterOptions.HeartbeatInterval"/>, renews the heartbeat of the Claude jobs this replica runs and
/// declares interrupted the jobs of replicas whose heartbeat is older than <see cref="ClusterOptions.LeaseTimeout"/>,
/// so the workflows waiting on a dead replica's jobs resume within about one lease timeout. Runs in every process that
/// runs jobs (server and CLI). With SQLite (one machine) it ends at once: start-up interrupts every unfinished job there.
/// </summary>
public sealed partial class ClaudeJobHeartbeat(ClaudeJobs jobs, IOptions<ClusterOptions> options, ILogger<ClaudeJobHeartbeat> logger)
    : PeriodicBackgroundService(TimeProvider.System)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.HeartbeatInterval;

    /// <inheritdoc />
    protected override bool IsEnabled => jobs.SharesJobs;

    // The first beat at once: a replica's start also interrupts its own previous jobs (see ClaudeJobs).
    /// <inheritdoc />
    protected override Task PassAsync(bool first, CancellationToken stoppingToken) => BeatAsync(stoppingToken);

    /// <inheritdoc />
    protected override void OnPassFailed(Exception exception) => LogMissed(jobs.ReplicaId, exception.Message);

    /// <summary>One heartbeat and one sweep; failures are logged and retried on the next tick.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lost = await jobs.RenewHeartbeatsAsync(cancellationToken);
            if (lost.Count > 0) LogLost(jobs.ReplicaId, lost.Count, string.Join(", ", lost));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One missed beat is within the margin (LeaseTimeout > 2 beats); the next one tries again.
            LogMissed(jobs.ReplicaId, e.Message);
        }
        try
        {
            var ended = await jobs.SweepExpiredAsync(cancellationToken);
            if (ended.Count > 0) LogSwept(ended.Count, string.Join(", ", ended.Select(j => $"{j.Id} of {j.Owner ?? "(unknown)"}")));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSweepFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} could not renew the heartbeat of its Claude jobs: {Reason}. If the database stays unreachable past Cluster:LeaseTimeout, other replicas declare its jobs interrupted.")]
    private partial void LogMissed(string replica, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} stopped {Count} Claude job(s) another replica had declared interrupted (its heartbeat was late past Cluster:LeaseTimeout): {Jobs}. Their workflows continue with the interrupted result; resume their sessions to go on.")]
    private partial void LogLost(string replica, int count, string jobs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Declared {Count} Claude job(s) of stopped replicas interrupted: {Jobs}")]
    private partial void LogSwept(int count, string jobs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for Claude jobs whose replica stopped heartbeating failed: {Reason}. The next sweep tries again.")]
    private partial void LogSweepFailed(string reason);
}
