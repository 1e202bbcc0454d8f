using System.Collections.Concurrent;
using Agent.Activities.Coordination.Distribution;
using Agent.Workflows.Persistence;

namespace Agent.Server.Serve;

/// <summary>
/// Hands queued tasks to the workflows waiting in <c>Agent.LeaseTask</c>, one background dispatch per waiting agent. A
/// resumed worker runs on until it waits again — through its whole Claude run — so a dispatch awaited in line would hold
/// the lease sweep (its heartbeats and expiries) and every other agent's resume for that long; here each agent's resume
/// runs on its own, and an agent whose resume is still running is not dispatched again.
/// </summary>
public sealed partial class WaitingWorkerDispatch(IWorkflowInstanceStore instances, TaskDispatcher dispatcher, ILogger<WaitingWorkerDispatch> logger)
{
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <summary>Starts a dispatch for every agent with a waiting <c>Agent.LeaseTask</c> and none in flight; returns how many started.</summary>
    public async Task<int> StartAsync(CancellationToken stoppingToken)
    {
        // Finished dispatches are dropped, so the map holds only the agents being resumed now, not every agent ever seen.
        foreach (var (agent, done) in _running)
            if (done.IsCompleted) _running.TryRemove(new KeyValuePair<string, Task>(agent, done));
        var started = 0;
        var agents = (await instances.FindBookmarksAsync(LeaseTask.BookmarkName, null, stoppingToken))
            .Select(LeaseTask.AgentOf).OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            if (_running.TryGetValue(agent, out var inFlight) && !inFlight.IsCompleted) continue;
            // The stopping token reaches the resumed worker: at shutdown its run stops and the instance stays Running for recovery.
            var dispatch = Task.Run(() => RunAsync(agent, stoppingToken), CancellationToken.None);
            _running[agent] = dispatch;
            started++;
        }
        return started;
    }

    /// <summary>Waits for the dispatches still running (shutdown, tests).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Values);

    private async Task RunAsync(string agent, CancellationToken stoppingToken)
    {
        try
        {
            if (await dispatcher.DispatchAsync([agent], stoppingToken) > 0) LogResumed(agent);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; the next start's sweep dispatches again.
        }
        catch (Exception e)
        {
            // The task stays queued and the workflow waiting: the next sweep tries again.
            LogFailed(agent, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed a task to the waiting workflow of agent {AgentId}")]
    private partial void LogResumed(string agentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handing a task to agent {AgentId} failed; the next sweep retries")]
    private partial void LogFailed(string agentId, Exception exception);
}
