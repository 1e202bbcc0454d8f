using Agent.Workflows.Persistence.Retention;
using Quartz;

namespace Agent.Server.Retention;

/// <summary>
/// The scheduled sweep of <c>agent serve</c>: every <c>Retention:FinishedInstances:SweepInterval</c> it deletes the
/// finished instances (or journals) the retention limits no longer keep. Never two at once in this process; on a
/// PostgreSQL cluster the sweep's own lock keeps other replicas out.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class RetentionSweepJob(FinishedInstanceSweep sweep, ILogger<RetentionSweepJob> logger) : IJob
{
    /// <summary>The job's key in the scheduler.</summary>
    public static readonly JobKey Key = new("retention-sweep", "agent");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var result = await sweep.SweepAsync(cancellationToken);
            if (result.Skipped) LogSkipped();
            else if (result.Instances > 0) LogSwept(result.Instances, result.Batches);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Committed pages stay deleted and the failed one is whole again; the next fire carries on from there.
            LogFailed(e, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Count} finished instances (or their journals) in {Batches} transactions.")]
    private partial void LogSwept(int count, int batches);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retention sweep skipped: another replica is sweeping, or no limit is set.")]
    private partial void LogSkipped();

    [LoggerMessage(Level = LogLevel.Error, Message = "The retention sweep failed and will run again at its next interval: {Reason}")]
    private partial void LogFailed(Exception exception, string reason);
}
