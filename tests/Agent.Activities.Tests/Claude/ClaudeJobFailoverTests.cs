using System.Collections.Concurrent;
using Agent.Activities.Claude;
using Agent.Activities.Cluster;
using Agent.Activities.Tests.Persistence;
using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agent.Activities.Tests.Claude;

/// <summary>
/// Replicas on one PostgreSQL database running a workflow that waits on a Claude job (ClaudeExecute, async mode): the
/// real CLI, the real engine, each replica its own services, heartbeat and resume loop. A restart of another replica
/// leaves the job running; when its replica stops heartbeating, the live replicas end it once and resume its workflow once.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ClaudeJobFailoverTests
{
    private const string Script = """
        { "rules": [ { "match": { "promptContains": "slow" }, "fault": { "stallMs": 60000 }, "respond": { "text": "too late" } },
                     { "respond": { "text": "done" } } ] }
        """;

    private static readonly TimeSpan Beat = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1.5);
    private static PostgresServer? s_server;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    [TestMethod]
    public async Task A_dead_replicas_job_is_ended_once_by_a_live_replica_its_workflow_resumes_once_and_its_late_end_is_refused()
    {
        var database = await RawStoreProviders.PostgresAsync(s_server, Token);
        var instances = new InMemoryWorkflowInstanceStore();
        await using var b = await Replica.StartAsync("b", database, instances, Token);
        var json = Wf.Flowchart(
            [Wf.Start(), b.Harness.Execute("exec", ("mode", Wf.Lit("async")), ("prompts", Wf.Lit("""["go slow"]""", "String[]"))),
             Wf.WriteLine("line", "'states: ' + getOutputFrom('exec', 'results').map(r => r.state).join(',')")],
            // An interrupted job is not a success: the activity leaves by its Failed port.
            [Wf.Connect("start", "exec"), Wf.Connect("exec", "line", ClaudeExecute.FailedOutcome)]);
        var suspended = await b.Harness.RunAsync(json, Token);
        Assert.AreEqual(WorkflowStatus.Suspended, suspended.Status, string.Join("\n", suspended.State.Incidents.Select(i => i.Message)));
        var jobId = ((List<object?>)suspended.State.ActivityOutputs["exec"]["jobIds"]!).Cast<string>().Single();
        await WaitForAsync(async () => (await b.Jobs.GetStatusAsync(jobId, Token))?.SessionId is not null && b.Harness.Server.Log.InFlight > 0, "b's job to get under way");

        // Replica a runs, then restarts under the same id, while b lives: b's job keeps running past a whole lease.
        await (await Replica.StartAsync("a", database, instances, Token)).DisposeAsync();
        await using var a = await Replica.StartAsync("a", database, instances, Token);
        await using var c = await Replica.StartAsync("c", database, instances, Token);
        foreach (var live in new[] { a, c }) live.Harness.Define(json);
        await Task.Delay(Lease + Lease, Token);
        Assert.AreEqual(ClaudeJobState.Running, (await a.Jobs.GetStatusAsync(jobId, Token))!.State, "a live replica's job is left alone");
        Assert.AreEqual(0, a.Resumed + b.Resumed + c.Resumed);

        // b stops heartbeating (hung or cut off; its process still runs the job).
        var stopped = DateTime.UtcNow;
        await b.StopHeartbeatAsync();
        await WaitForAsync(async () => (await instances.FindAsync(suspended.Id, Token))!.Status == WorkflowStatus.Finished, "the workflow to resume elsewhere");
        var took = DateTime.UtcNow - stopped;
        TestContext.WriteLine($"job interrupted and workflow resumed {took.TotalSeconds:F2} s after its replica stopped heartbeating (lease {Lease.TotalSeconds} s, beat {Beat.TotalSeconds} s)");

        var finished = (await instances.FindAsync(suspended.Id, Token))!;
        CollectionAssert.AreEqual(new[] { "states: interrupted" }, finished.State.OutputLines, "the workflow ran on once, with the interrupted result");
        await Task.Delay(Beat * 3, Token);
        Assert.AreEqual(1, a.Resumed + b.Resumed + c.Resumed, "the bookmark is resumed once");
        Assert.AreEqual(1, a.Swept.Count(id => id == jobId) + c.Swept.Count(id => id == jobId), "exactly one sweep ends the job");
        Assert.IsLessThan(Lease * 4, took, $"the job ended {took} after its replica stopped; the lease is {Lease}");
        var ended = (await a.Jobs.GetStatusAsync(jobId, Token))!;
        StringAssert.Contains(ended.Error, "Replica b stopped renewing");

        // b comes back: its heartbeat finds the job no longer its own and stops the run; its late end changes nothing.
        CollectionAssert.AreEqual(new[] { jobId }, (await b.Jobs.RenewHeartbeatsAsync(Token)).ToArray());
        var afterLateEnd = await b.Jobs.GetResultAsync(jobId, TimeSpan.FromSeconds(30), Token);
        Assert.AreEqual(ClaudeJobState.Interrupted, afterLateEnd!.State);
        Assert.AreEqual(ended.Error, afterLateEnd.Error, "the late end of the replica declared dead is refused");
        Assert.IsEmpty(b.Swept);
    }

    private async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(50, Token);
        }
    }

    /// <summary>
    /// One replica: its own services on the shared jobs database and instance store, its Claude job heartbeat, and a
    /// resume loop like the server's ClaudeJobWatcher (woken by a job end here, or a short poll).
    /// </summary>
    private sealed class Replica : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ClaudeJobHeartbeat _heartbeat;
        private readonly Task _resumeLoop;
        private int _resumed;
        private bool _heartbeatStopped;

        private Replica(ClaudeWorkflowHarness harness)
        {
            Harness = harness;
            Jobs = harness.Services.GetRequiredService<ClaudeJobs>();
            Jobs.JobEnded += job => { if (job.State == ClaudeJobState.Interrupted) Swept.Add(job.Id); };
            _heartbeat = harness.Services.GetServices<IHostedService>().OfType<ClaudeJobHeartbeat>().Single();
            _resumeLoop = Task.Run(ResumeLoopAsync);
        }

        public ClaudeWorkflowHarness Harness { get; }

        public ClaudeJobs Jobs { get; }

        public ConcurrentBag<string> Swept { get; } = [];

        public int Resumed => Volatile.Read(ref _resumed);

        public static async Task<Replica> StartAsync(string id, DatabaseOptions database, IWorkflowInstanceStore instances, CancellationToken cancellationToken)
        {
            var harness = await ClaudeWorkflowHarness.StartAsync(Script, cancellationToken, addServices: (services, _) =>
            {
                services.Configure<DatabaseOptions>(o => (o.Provider, o.ConnectionString) = (database.Provider, database.ConnectionString));
                services.Configure<ClusterOptions>(o => (o.ReplicaId, o.HeartbeatInterval, o.LeaseTimeout) = (id, Beat, Lease));
                services.AddSingleton(instances);
                services.AddLogging();
            });
            var replica = new Replica(harness);
            await replica._heartbeat.StartAsync(cancellationToken);
            return replica;
        }

        public async Task StopHeartbeatAsync()
        {
            _heartbeatStopped = true;
            await _heartbeat.StopAsync(CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _resumeLoop;
            if (!_heartbeatStopped) await _heartbeat.StopAsync(CancellationToken.None);
            await Harness.DisposeAsync();
            _stop.Dispose();
        }

        private async Task ResumeLoopAsync()
        {
            var bookmarks = Harness.Services.GetRequiredService<ClaudeJobBookmarks>();
            using var ended = new ClaudeJobEndSignal(Jobs);
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    Interlocked.Add(ref _resumed, await bookmarks.ResumeEndedAsync(_stop.Token));
                    await ended.WaitAsync(TimeSpan.FromMilliseconds(300), _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
            }
        }
    }
}
