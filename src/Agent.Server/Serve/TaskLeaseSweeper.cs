using Agent.Activities.Coordination;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Spawning;
using Agent.Activities.Hosting;
using Microsoft.Extensions.Options;

namespace Agent.Server.Serve;

/// <summary>
/// The task queue's expiry sweep in <c>agent serve</c>: every <c>Coordination:LeaseSweepInterval</c> it gives expired
/// leases back to the queue (or parks their tasks after <c>Coordination:MaxAttempts</c>), then resumes the workflows
/// waiting in <c>Agent.LeaseTask</c> for tasks enqueued by other processes. The first pass runs at start-up, which
/// repairs a crash between an enqueue and the resume of its waiting workflow. Each pass also releases the spawned agents
/// whose worker ended without releasing them (<see cref="EndedWorkerReaper"/>), so their slots go to queued spawns, and
/// first extends the leases of the agents whose worker runs in this server now (<see cref="ActiveWorkerHeartbeats"/>),
/// so a Claude run longer than <c>Coordination:LeaseTimeout</c> keeps its task. The waiting workflows are resumed in the
/// background (<see cref="WaitingWorkerDispatch"/>): a resumed worker runs its whole Claude run, which must hold
/// neither this sweep nor the other agents. So do the workflows waiting in <c>Agent.AwaitTasks</c> whose tasks all
/// finished (finished by another process, or before a crash): a coordinator resumed there measures and reviews for minutes;
/// and the workflows waiting in <c>Agent.WaitWhilePaused</c> once <c>agent agents resume</c> lifted the pause.
/// </summary>
public sealed partial class TaskLeaseSweeper(
    TaskLeases leases, TaskDispatcher dispatcher, WaitingWorkerDispatch waiting, TaskWaitDispatcher waiters, PausedWorkflowRelease paused, ActiveWorkerHeartbeats heartbeats, EndedWorkerReaper reaper,
    IOptions<CoordinationOptions> options, TimeProvider clock, ILogger<TaskLeaseSweeper> logger)
    : PeriodicBackgroundService(clock)
{
    // The sweep's own resume of finished AwaitTasks waits and lifted pauses; one in flight at a time.
    private Task _awaitResumes = Task.CompletedTask;

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.LeaseSweepInterval;

    // Nothing is lost: expired leases stay expired and queued tasks queued; the next tick tries again.
    /// <inheritdoc />
    protected override void OnPassFailed(Exception exception) => LogFailed(exception);

    /// <inheritdoc />
    protected override async Task OnStoppedAsync()
    {
        await waiting.DrainAsync();
        await dispatcher.DrainAsync();
        await waiters.DrainAsync();
        try { await _awaitResumes; } catch (OperationCanceledException) { /* shutting down */ }
    }

    private async Task ResumeFinishedWaitsAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await waiters.DispatchAsync(stoppingToken);
            await paused.ReleaseAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The tasks stay finished and the workflow waiting: the next pass resumes it.
            LogFailed(e);
        }
    }

    /// <inheritdoc />
    protected override async Task PassAsync(bool first, CancellationToken stoppingToken)
    {
        await heartbeats.BeatAsync(stoppingToken);
        foreach (var agent in await reaper.ReapAsync(stoppingToken)) LogReaped(agent);
        // TaskLeases rather than TaskQueue.ExpireLeasesAsync, which resumes the waiting workers in line.
        foreach (var expired in await leases.ExpireAsync(Clock.GetUtcNow(), options.Value.MaxAttempts, stoppingToken))
            LogExpired(expired.TaskId, expired.AgentId, expired.Attempts, expired.Status);
        await waiting.StartAsync(stoppingToken);
        // In the background too, one pass at a time: a resumed coordinator runs on until it waits again.
        if (_awaitResumes.IsCompleted) _awaitResumes = ResumeFinishedWaitsAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease of agent {AgentId} on task {TaskId} expired (attempt {Attempts}); the task is {Status} now")]
    private partial void LogExpired(string taskId, string agentId, int attempts, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The worker of agent {AgentId} ended without releasing it; the agent is stopped and its slot freed")]
    private partial void LogReaped(string agentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The task lease sweep failed; the next tick retries")]
    private partial void LogFailed(Exception exception);
}
