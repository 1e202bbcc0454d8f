using Agent.Activities.Coordination;
using Agent.Activities.Coordination.Distribution;
using Microsoft.Extensions.Options;

namespace Agent.Server.Serve;

/// <summary>
/// The task queue's expiry sweep in <c>agent serve</c>: every <c>Coordination:LeaseSweepInterval</c> it gives expired
/// leases back to the queue (or parks their tasks after <c>Coordination:MaxAttempts</c>), then resumes the workflows
/// waiting in <c>Agent.LeaseTask</c> for tasks enqueued by other processes, and those in <c>Agent.AwaitTasks</c> whose tasks all finished. The first pass runs at start-up, which
/// repairs a crash between an enqueue and the resume of its waiting workflow.
/// </summary>
public sealed partial class TaskLeaseSweeper(TaskQueue queue, TaskDispatcher dispatcher, TaskWaitDispatcher waiters, IOptions<CoordinationOptions> options, TimeProvider clock, ILogger<TaskLeaseSweeper> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PassAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.LeaseSweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await PassAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        await dispatcher.DrainAsync();
        await waiters.DrainAsync();
    }

    private async Task PassAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var expired in await queue.ExpireLeasesAsync(stoppingToken))
                LogExpired(expired.TaskId, expired.AgentId, expired.Attempts, expired.Status);
            var resumed = await dispatcher.DispatchAsync(null, stoppingToken);
            // Workflows waiting in Agent.AwaitTasks for tasks finished by another process (or before a crash).
            resumed += await waiters.DispatchAsync(stoppingToken);
            if (resumed > 0) LogResumed(resumed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing is lost: expired leases stay expired and queued tasks queued; the next tick tries again.
            LogFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease of agent {AgentId} on task {TaskId} expired (attempt {Attempts}); the task is {Status} now")]
    private partial void LogExpired(string taskId, string agentId, int attempts, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed tasks to {Count} waiting workflow(s)")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The task lease sweep failed; the next tick retries")]
    private partial void LogFailed(Exception exception);
}
