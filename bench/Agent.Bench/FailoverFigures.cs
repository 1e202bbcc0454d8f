using System.Diagnostics;
using Agent.Testing.Host.Cluster;
using Agent.Testing.Postgres;

namespace Agent.Bench;

/// <summary>
/// Figure <c>failover-resume-s</c>: two real <c>agent serve</c> replicas on one PostgreSQL, twenty instances running on
/// one of them (each a chain of short busy steps, so they stay mid-run for seconds), that replica killed with SIGKILL;
/// the time from the kill until every one of the twenty is owned by the survivor (its lease taken over, or finished
/// there). Goal: at most twice <c>Cluster:LeaseTimeout</c>. Each repetition starts on a fresh database and fresh replicas.
/// </summary>
public sealed class FailoverFigures(BenchOptions options, Report report)
{
    private const int Instances = 20;
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private int Repetitions => options.Quick ? 3 : 5;

    /// <summary>Starts PostgreSQL, runs the repetitions and adds the figure.</summary>
    public async Task RunAsync()
    {
        await using var server = await PostgresServer.StartAsync(durable: true);
        Report.Progress($"failover-resume-s: PostgreSQL on port {server.Port}, {Repetitions} repetitions of {Instances} instances, LeaseTimeout {LeaseTimeout.TotalSeconds:0} s");
        var seconds = new List<double>();
        for (var repetition = 0; repetition < Repetitions; repetition++)
        {
            seconds.Add(await RunOnceAsync(await server.CreateDatabaseAsync("failover")));
            Report.Progress($"failover-resume-s: repetition {repetition + 1}: {seconds[^1]:0.00} s");
        }
        var goal = 2 * LeaseTimeout.TotalSeconds;
        report.SpreadFigure("failover-resume-s", seconds, "0.00", $"{Repetitions} repetitions", $"<= {goal:0} s (2 x LeaseTimeout {LeaseTimeout.TotalSeconds:0} s)", s => s <= goal,
            $"{Instances} running instances, 2 replicas, heartbeat and sweep every 1 s");
    }

    private static async Task<double> RunOnceAsync(string database)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var set = await ReplicaSet.StartAsync(database, 2, LeaseTimeout, ct);
        const int victim = 1;
        var owner = ReplicaSet.ReplicaId(victim);
        // Dispatched at once, so the first are still running when the last start.
        var ids = await Task.WhenAll(Enumerable.Range(0, Instances).Select(_ => ReplicaSet.DispatchAsync(set.Replicas[victim], FailoverWorkflows.Long, ct)));
        var list = string.Join(", ", ids.Select(id => $"'{id}'"));
        try
        {
            await ReplicaSet.WaitUntilAsync(async () => (long)(await set.QueryAsync(
                    $"SELECT count(*) FROM workflows.instances i JOIN workflows.instance_leases l ON l.\"instanceId\" = i.id WHERE i.id IN ({list}) AND i.status = 'Running' AND l.owner = '{owner}'", ct))[0][0]! == Instances,
                Patience, $"all {Instances} instances to run on {owner}", ct);
        }
        catch (TimeoutException e)
        {
            // Which of them never got there (not started, ended early, faulted, no lease) is what explains a failed set-up.
            throw new TimeoutException($"{e.Message} Their statuses: {await StatusesAsync(set, list, ct)}; leases: {await LeasesAsync(set, list, ct)}.\n{set.Logs()}", e);
        }

        set.Replicas[victim].Kill();
        var clock = Stopwatch.StartNew();
        // Resumed elsewhere: the lease names another replica, or the instance is no longer running (it finished there).
        await ReplicaSet.WaitUntilAsync(async () => (long)(await set.QueryAsync(
                $"SELECT count(*) FROM workflows.instances i LEFT JOIN workflows.instance_leases l ON l.\"instanceId\" = i.id " +
                $"WHERE i.id IN ({list}) AND (i.status <> 'Running' OR l.owner IS DISTINCT FROM '{owner}') AND (i.status <> 'Running' OR l.owner IS NOT NULL)", ct))[0][0]! == Instances,
            Patience, $"all {Instances} instances to be taken over", ct);
        var elapsed = clock.Elapsed.TotalSeconds;
        // The figure counts only if the work really continued: every instance finishes on the survivor.
        try
        {
            await ReplicaSet.WaitUntilAsync(async () => await set.CountInstancesAsync($"id IN ({list}) AND status = 'Finished'", ct) == Instances,
                2 * Patience, $"all {Instances} taken-over instances to finish", ct);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Their statuses: {await StatusesAsync(set, list, ct)}.\n{set.Logs()}", e);
        }
        return elapsed;
    }

    private static async Task<string> LeasesAsync(ReplicaSet set, string list, CancellationToken ct) =>
        string.Join(", ", (await set.QueryAsync($"SELECT coalesce(owner, 'none'), count(*) FROM workflows.instance_leases WHERE \"instanceId\" IN ({list}) GROUP BY 1", ct)).Select(r => $"{r[0]} {r[1]}"));

    private static async Task<string> StatusesAsync(ReplicaSet set, string list, CancellationToken ct) =>
        string.Join(", ", (await set.QueryAsync($"SELECT status, count(*) FROM workflows.instances WHERE id IN ({list}) GROUP BY 1", ct)).Select(r => $"{r[0]} {r[1]}")) +
        "; incidents: " + string.Join(" | ", (await set.QueryAsync($"SELECT DISTINCT message FROM workflows.incidents WHERE \"instanceId\" IN ({list})", ct)).Select(r => r[0]));
}
