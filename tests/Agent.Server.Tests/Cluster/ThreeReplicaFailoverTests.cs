using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Agent.Testing.Host.Cluster;
using Agent.Testing.Postgres;

namespace Agent.Server.Tests.Cluster;

/// <summary>
/// Three real <c>agent serve</c> processes on one real PostgreSQL (issue 21 §2): 200 workflow runs and 50 approvals sent
/// through all of them at once, one replica killed with SIGKILL while it runs instances. Every instance finishes exactly
/// once, no bookmark is resumed twice, no activity is journaled twice, the dead replica's running instances are taken
/// over within twice the lease timeout, and the cron starts at most one instance per tick.
/// </summary>
/// <remarks>
/// Every store is on the shared database (<c>Database:Provider=PostgreSql</c>), the approvals audit included, so the
/// approvals are real: each approval instance waits at the improvement cycle's gate (<c>Agent.HumanApproval</c>), and a
/// <see cref="ReplicaReviewer"/> lists them (<c>GET /api/approvals</c>, <c>/dashboard/api/approvals</c>) and decides them
/// (<c>POST /api/approvals/{id}</c>) round-robin over the replicas while the runs go on and the victim dies, then sends
/// every decision again to a different replica (REST API or dashboard button), which must refuse it (409, "already
/// approved by …"). Each approval is then recorded once in
/// <c>approvals.approval_decisions</c> and once as <c>approval.decided</c> in <c>audit.audit_log</c>, its gate journaled
/// suspended once and completed once, and no approval is left waiting.
/// </remarks>
[TestClass]
[TestCategory("Slow")]
public sealed class ThreeReplicaFailoverTests
{
    private const int Runs = 200;
    private const int Approvals = 50;
    private const int Slow = 6;
    private const int Victim = 2;
    private const int VictimDecisions = 3;
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);

    public TestContext TestContext { get; set; } = null!;
    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public async Task Killing_one_of_three_replicas_mid_run_loses_and_repeats_nothing()
    {
        await using var postgres = await PostgresServer.StartAsync(Ct);
        await using var set = await ReplicaSet.StartAsync(await postgres.CreateDatabaseAsync("replicas", Ct), 3, LeaseTimeout, Ct);
        var dead = new ConcurrentDictionary<int, bool>();

        var approvalStarts = SendAllAsync(set, dead, FailoverWorkflows.Approval, Approvals);
        var load = Task.WhenAll(SendAllAsync(set, dead, FailoverWorkflows.Quick, Runs), approvalStarts);
        var reviewer = new ReplicaReviewer(set, dead.ContainsKey);
        var reviewing = reviewer.RunAsync(approvalStarts, TimeSpan.FromSeconds(90), Ct);
        // The victim dies once it has taken decisions of its own, while others are still coming its way.
        await WaitUntilAsync(() => Task.FromResult(reviewer.Reviewed.Values.Count(r => r.First.Replica == Victim) >= VictimDecisions || reviewing.IsCompleted),
            TimeSpan.FromSeconds(60), $"the victim to take {VictimDecisions} decisions");
        if (reviewing.IsCompleted) await reviewing;
        Assert.IsGreaterThanOrEqualTo(VictimDecisions, reviewer.Reviewed.Values.Count(r => r.First.Replica == Victim), "the victim took decisions before it died");

        // Instances the victim is in the middle of when it dies.
        // Dispatched at once: one after another on a loaded machine, the first could end before the last has started.
        await Task.WhenAll(Enumerable.Range(0, Slow).Select(_ => ReplicaSet.DispatchAsync(set.Replicas[Victim], FailoverWorkflows.Slow, Ct)));
        await WaitUntilAsync(async () => (await CountAsync(set, $"status = 'Running' AND \"definitionId\" = '{FailoverWorkflows.Slow}'")) == Slow, TimeSpan.FromSeconds(20), "the slow instances to run");
        // A lease is claimed just before a new instance's first commit: only those with an instance row can be taken over.
        var leasedToVictim = await set.QueryAsync("SELECT l.\"instanceId\" FROM workflows.instance_leases l JOIN workflows.instances i ON i.id = l.\"instanceId\" " +
            $"WHERE l.owner = '{ReplicaSet.ReplicaId(Victim)}'", Ct);
        TestContext.WriteLine($"at the kill: {reviewer.Reviewed.Count} approvals decided, {reviewer.Reviewed.Values.Count(r => r.First.Replica == Victim)} by the victim; " +
            $"load {(load.IsCompleted ? "done" : "still running")}; {leasedToVictim.Count} instances leased to the victim");
        dead[Victim] = true;
        set.Replicas[Victim].Kill();
        TestContext.WriteLine($"killed {ReplicaSet.ReplicaId(Victim)} at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");
        var killedAt = Stopwatch.StartNew();
        var orphans = leasedToVictim.Select(r => (string)r[0]!).ToList();
        Assert.IsNotEmpty(orphans, "the victim held leases when it died");

        var takenOver = await WatchTakeoversAsync(set, orphans, killedAt);
        var sent = (await load).Sum();
        Assert.AreEqual(Runs + Approvals, sent, "every request was answered by a live replica");
        TestContext.WriteLine($"taken over after the kill (s): {string.Join(", ", takenOver.Values.Order().Select(v => v.ToString("F1")))}");
        foreach (var (id, seconds) in takenOver)
            Assert.IsLessThanOrEqualTo(2 * set.LeaseTimeout.TotalSeconds, seconds, $"instance {id} was taken over {seconds:F1} s after the kill\n{set.Logs()}");

        await reviewing;
        await WaitForEveryInstanceAsync(set, reviewer);

        Assert.AreEqual(0L, await CountAsync(set, "status IN ('Faulted', 'Cancelled')"), set.Logs());
        Assert.IsGreaterThanOrEqualTo((long)Runs, await CountAsync(set, $"\"definitionId\" = '{FailoverWorkflows.Quick}'"));
        Assert.IsGreaterThanOrEqualTo((long)Approvals, await CountAsync(set, $"\"definitionId\" = '{FailoverWorkflows.Approval}'"));
        var twice = await set.QueryAsync("SELECT \"instanceId\", \"activityId\", status, count(*) FROM workflows.journal GROUP BY 1, 2, 3 HAVING count(*) > 1", Ct);
        Assert.IsEmpty(twice, "journaled twice: " + string.Join(", ", twice.Select(r => $"{r[0]}/{r[1]}/{r[2]}×{r[3]}")));
        var finishedAll = await set.QueryAsync("SELECT i.id FROM workflows.instances i WHERE i.status = 'Finished' AND " +
            "NOT EXISTS (SELECT 1 FROM workflows.journal j WHERE j.\"instanceId\" = i.id AND j.\"activityId\" IN ('c', 'approved', 'done', 'tick'))", Ct);
        Assert.IsEmpty(finishedAll, "a finished instance ran its last activity once: " + string.Join(", ", finishedAll.Select(r => r[0])));
        Assert.AreEqual(0L, (long)(await set.QueryAsync($"SELECT count(*) FROM workflows.instance_leases WHERE owner = '{ReplicaSet.ReplicaId(Victim)}'", Ct))[0][0]!,
            "no lease of the dead replica is left");
        Assert.IsTrue(set.Replicas.Where((_, i) => i != Victim).Any(r => r.Log.Contains($"from replica {ReplicaSet.ReplicaId(Victim)}", StringComparison.Ordinal)),
            "a survivor logged the takeover naming the old owner");
        await AssertCronFiredOncePerTickAsync(set);
        await AssertEveryApprovalDecidedOnceAsync(set, dead, reviewer);
    }

    // On a timeout, says which instances are left and where, with what the reviewer got for their approvals.
    private async Task WaitForEveryInstanceAsync(ReplicaSet set, ReplicaReviewer reviewer)
    {
        const string Unfinished = $"status <> 'Finished' AND \"definitionId\" <> '{FailoverWorkflows.Cron}'";
        try { await WaitUntilAsync(async () => await CountAsync(set, Unfinished) == 0, TimeSpan.FromSeconds(60), "every instance to finish"); }
        catch (TimeoutException e)
        {
            var left = await set.QueryAsync("SELECT i.id, i.\"definitionId\", i.status, l.owner, (SELECT string_agg(b.name || ':' || b.id, ' ') FROM workflows.bookmarks b WHERE b.\"instanceId\" = i.id) " +
                $"FROM workflows.instances i LEFT JOIN workflows.instance_leases l ON l.\"instanceId\" = i.id WHERE {Unfinished}", Ct);
            var replies = reviewer.Reviewed.Values.ToDictionary(r => r.InstanceId);
            Assert.Fail($"{e.Message} Left: " + string.Join("; ", left.Select(r => $"{r[0]} {r[1]} {r[2]} lease={r[3] ?? "none"} bookmarks={r[4] ?? "none"}" +
                (replies.TryGetValue((string)r[0]!, out var reply) ? $" decided: {reply}" : ""))) + "\n" + set.Logs());
        }
    }

    // Seconds from the kill until each orphan's lease moved to a survivor (or it finished there).
    private async Task<Dictionary<string, double>> WatchTakeoversAsync(ReplicaSet set, List<string> orphans, Stopwatch killedAt)
    {
        var seen = new Dictionary<string, double>();
        var ids = string.Join(", ", orphans.Select(o => $"'{o}'"));
        var victim = ReplicaSet.ReplicaId(Victim);
        while (seen.Count < orphans.Count && killedAt.Elapsed < 4 * set.LeaseTimeout)
        {
            var rows = await set.QueryAsync($"SELECT i.id, i.status, l.owner FROM workflows.instances i LEFT JOIN workflows.instance_leases l ON l.\"instanceId\" = i.id WHERE i.id IN ({ids})", Ct);
            foreach (var row in rows)
            {
                var movedOn = row[2] is string owner ? owner != victim : (string)row[1]! != "Running";
                if (movedOn) seen.TryAdd((string)row[0]!, killedAt.Elapsed.TotalSeconds);
            }
            await Task.Delay(100, Ct);
        }
        Assert.HasCount(orphans.Count, seen, $"every instance the victim ran was taken over\n{set.Logs()}");
        return seen;
    }

    // Sends count starts round-robin over the replicas, 8 at a time; a request the dead replica cannot answer goes to the next.
    private async Task<int> SendAllAsync(ReplicaSet set, ConcurrentDictionary<int, bool> dead, string definitionId, int count)
    {
        using var gate = new SemaphoreSlim(8);
        var answered = 0;
        await Task.WhenAll(Enumerable.Range(0, count).Select(async n =>
        {
            await gate.WaitAsync(Ct);
            try
            {
                for (var attempt = 0; attempt < set.Replicas.Count * 2; attempt++)
                {
                    var index = (n + attempt) % set.Replicas.Count;
                    if (dead.ContainsKey(index)) continue;
                    try
                    {
                        using var response = await set.Replicas[index].Http.PostAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", Json("{}"), Ct);
                        if (!response.IsSuccessStatusCode)
                            Assert.Fail($"{definitionId} on {ReplicaSet.ReplicaId(index)}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                        Interlocked.Increment(ref answered);
                        return;
                    }
                    catch (HttpRequestException) when (dead.ContainsKey(index)) { }
                }
            }
            finally { gate.Release(); }
        }));
        return answered;
    }

    // Decided once through the API (or by the dead replica just before it died), refused the second time, recorded
    // once in both audits, the gate resumed once, and nothing left waiting on any replica's listing.
    private async Task AssertEveryApprovalDecidedOnceAsync(ReplicaSet set, ConcurrentDictionary<int, bool> dead, ReplicaReviewer reviewer)
    {
        var reviewed = reviewer.Reviewed.Values.ToList();
        var instances = await set.QueryAsync($"SELECT id FROM workflows.instances WHERE \"definitionId\" = '{FailoverWorkflows.Approval}'", Ct);
        CollectionAssert.AreEquivalent(instances.Select(r => (string)r[0]!).ToList(), reviewed.Select(r => r.InstanceId).ToList(), "every approval instance's approval was decided once");
        TestContext.WriteLine($"approvals decided: {reviewed.Count}; first decision answered by {string.Join(", ", reviewed.GroupBy(r => r.First.Replica).OrderBy(g => g.Key).Select(g => $"{ReplicaSet.ReplicaId(g.Key)}×{g.Count()}"))}; " +
            $"sent to the victim first: {reviewed.Count(r => r.First.TriedDeadReplica || r.Repeat.TriedDeadReplica)} " +
            $"(decision then refused as taken by the victim: {reviewed.Count(r => r.First.Status == HttpStatusCode.Conflict)}); repeats through the dashboard: {reviewed.Count(r => r.Repeat.Path.StartsWith("/dashboard", StringComparison.Ordinal))}");
        foreach (var r in reviewed)
        {
            var decidedByUs = r.First.Status == HttpStatusCode.OK
                || (r.First.TriedDeadReplica && r.First.Status == HttpStatusCode.Conflict && r.First.Body.Contains($"approved by {r.By} at ", StringComparison.Ordinal));
            Assert.IsTrue(decidedByUs, $"approval {r.ApprovalId}: the decision is taken (or was taken by the replica that died): {r.First}");
            Assert.AreNotEqual(r.First.Replica, r.Repeat.Replica, $"approval {r.ApprovalId}: the repeat goes to another replica");
            Assert.AreEqual(HttpStatusCode.Conflict, r.Repeat.Status, $"approval {r.ApprovalId}: the repeated decision is refused: {r.Repeat}");
            StringAssert.Contains(r.Repeat.Body, $"already approved by {r.By} at ", $"approval {r.ApprovalId}: the refusal names the decision that stands");
        }

        var audit = await set.QueryAsync("SELECT approval_id, instance_id, decision, decided_by FROM approvals.approval_decisions", Ct);
        Assert.HasCount(reviewed.Count, audit, "one audit record per approval");
        foreach (var row in audit)
        {
            Assert.IsTrue(reviewer.Reviewed.TryGetValue((string)row[0]!, out var r), $"audited approval {row[0]} was asked for");
            Assert.AreEqual((r.InstanceId, "Approved", r.By), ((string)row[1]!, (string)row[2]!, (string)row[3]!), $"approval {r.ApprovalId} is recorded as decided");
        }
        var events = await set.QueryAsync("SELECT count(*), count(DISTINCT id) FROM audit.audit_log WHERE kind = 'approval.decided'", Ct);
        Assert.AreEqual(((long)reviewed.Count, (long)reviewed.Count), ((long)events[0][0]!, (long)events[0][1]!), "the safety audit has one approval.decided event per approval");

        var gates = await set.QueryAsync("SELECT i.id, " +
            "count(*) FILTER (WHERE j.status = 'Suspended'), count(*) FILTER (WHERE j.status = 'Completed' AND j.outcomes = 'Approved') " +
            $"FROM workflows.instances i LEFT JOIN workflows.journal j ON j.\"instanceId\" = i.id AND j.\"activityId\" = '{FailoverWorkflows.ApprovalActivityId}' " +
            $"WHERE i.\"definitionId\" = '{FailoverWorkflows.Approval}' GROUP BY i.id HAVING count(*) FILTER (WHERE j.status = 'Suspended') <> 1 " +
            "OR count(*) FILTER (WHERE j.status = 'Completed' AND j.outcomes = 'Approved') <> 1", Ct);
        Assert.IsEmpty(gates, "each gate waited once and was resumed once, approved: " + string.Join(", ", gates.Select(g => $"{g[0]} suspended×{g[1]} approved×{g[2]}")));
        Assert.AreEqual(0L, (long)(await set.QueryAsync("SELECT count(*) FROM workflows.bookmarks WHERE name = 'Agent.HumanApproval'", Ct))[0][0]!, "no approval is left waiting");
        foreach (var (replica, index) in set.Replicas.Select((r, i) => (r, i)).Where(p => !dead.ContainsKey(p.i)))
        {
            using var pending = JsonDocument.Parse(await replica.Http.GetStringAsync("/api/approvals", Ct));
            Assert.AreEqual(0, pending.RootElement.GetArrayLength(), $"{ReplicaSet.ReplicaId(index)} lists no pending approval");
            using var history = JsonDocument.Parse(await replica.Http.GetStringAsync("/api/approvals/history?take=1000", Ct));
            Assert.AreEqual(reviewed.Count, history.RootElement.GetArrayLength(), $"{ReplicaSet.ReplicaId(index)} lists every decision, whichever replica took it");
        }
    }

    private async Task AssertCronFiredOncePerTickAsync(ReplicaSet set)
    {
        var fires = (await set.QueryAsync($"SELECT \"correlationId\", \"createdAt\" FROM workflows.instances WHERE \"definitionId\" = '{FailoverWorkflows.Cron}' ORDER BY 2", Ct))
            .Select(r => (Tick: r[0] as string, Created: new DateTimeOffset((long)r[1]!, TimeSpan.Zero))).ToList();
        TestContext.WriteLine($"cron fires: {fires.Count}");
        Assert.IsGreaterThanOrEqualTo(3, fires.Count, "the cron fired during the test");
        // Each fire names the tick it was scheduled for; a late (catch-up) fire of a missed tick is its own tick, but
        // no tick may start two instances, whichever replicas fired it.
        Assert.IsTrue(fires.All(f => f.Tick?.StartsWith($"schedule:{FailoverWorkflows.Cron}@", StringComparison.Ordinal) == true), "every cron instance names its tick");
        var twice = fires.GroupBy(f => f.Tick).Where(g => g.Count() > 1).ToList();
        Assert.IsEmpty(twice, "fired twice for one tick: " + string.Join(", ", twice.Select(g => $"{g.Key} at {string.Join("/", g.Select(f => f.Created.ToString("HH:mm:ss.fff")))}")) + "\n" + set.Logs());
    }

    private Task<long> CountAsync(ReplicaSet set, string where) => set.CountInstancesAsync(where, Ct);

    private Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what) => ReplicaSet.WaitUntilAsync(done, timeout, what, Ct);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
