using Agent.Testing.Postgres;
using Npgsql;

namespace Agent.Activities.Tests.Cluster;

/// <summary>
/// Three real replicas (tests/Agent.Cluster.Host) run the clustered Quartz scheduler, registered as <c>agent serve</c>
/// registers it, on one real PostgreSQL database, with a cron trigger firing every second that every replica keeps in
/// line the way the schedule sync does.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ClusteredQuartzProcessTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Every_tick_fires_once_across_three_replicas_and_still_once_after_one_is_killed()
    {
        await using var server = await PostgresServer.StartAsync(Token);
        var database = await server.CreateDatabaseAsync("quartz", Token);
        await ExecuteAsync(database, "CREATE TABLE ticks (scheduled_at timestamptz NOT NULL, replica text NOT NULL, fired_at timestamptz NOT NULL)");
        var replicas = new[] { "replica-a", "replica-b", "replica-c" }.ToDictionary(r => r, r => ClusterHostProcess.Start("ticks", database, r));
        try
        {
            var writes = new List<string>();
            foreach (var (name, replica) in replicas)
            {
                for (var line = await replica.ReadLineAsync(Token); line != "ready"; line = await replica.ReadLineAsync(Token))
                    if (line.StartsWith("ensured ", StringComparison.Ordinal)) writes.Add($"{name} {line}");
            }
            await Task.Delay(TimeSpan.FromSeconds(8), Token);

            // Kill the replica that fired last: the one most likely to hold the trigger acquired for the next tick.
            var victim = (string)(await ScalarAsync(database, "SELECT replica FROM ticks ORDER BY scheduled_at DESC LIMIT 1"))!;
            await replicas[victim].KillAsync();
            var killedAt = (DateTime)(await ScalarAsync(database, "SELECT now()"))!;
            await Task.Delay(TimeSpan.FromSeconds(12), Token);
            foreach (var (name, replica) in replicas.Where(r => r.Key != victim)) await replica.StopAsync(Token);
            foreach (var (name, replica) in replicas) writes.AddRange((await replica.ReadRestAsync(Token)).Where(l => l.StartsWith("ensured ", StringComparison.Ordinal)).Select(l => $"{name} {l}"));
            // Every replica kept the trigger in line every 300 ms, three at once: one created it, nobody rewrote it.
            Assert.AreEqual(1, writes.Count, string.Join("; ", writes));
            StringAssert.EndsWith(writes[0], "ensured Created");

            var ticks = await ReadTicksAsync(database);
            TestContext.WriteLine($"killed {victim} at {killedAt:HH:mm:ss.fff}; " + string.Join(", ", ticks.Select(t => $"{t.At:HH:mm:ss.fff} {t.Replica}")));
            var duplicates = ticks.GroupBy(t => t.At).Where(g => g.Count() > 1).Select(g => $"{g.Key:HH:mm:ss.fff} by {string.Join("+", g.Select(t => t.Replica))}").ToList();
            Assert.AreEqual(0, duplicates.Count, "a tick fired more than once: " + string.Join(", ", duplicates));

            var before = ticks.Where(t => t.At < killedAt.AddSeconds(-1)).ToList();
            Assert.IsTrue(before.Count >= 6, $"the three replicas fired every second before the kill: {before.Count} ticks");
            AssertEverySecond(before, "before the kill");

            // Recovery: the survivors notice the missed check-ins (1 s + 1 s) and take the victim's acquired trigger back.
            var after = ticks.Where(t => t.At > killedAt.AddSeconds(5)).ToList();
            Assert.IsTrue(after.Count >= 5, $"the survivors kept firing after recovering the killed replica's trigger: {after.Count} ticks after {killedAt.AddSeconds(5):HH:mm:ss}");
            AssertEverySecond(after, "after the recovery");
            Assert.IsFalse(after.Any(t => t.Replica == victim), "the killed replica fired nothing after its death");
            Assert.AreEqual(0L, await ScalarAsync(database, $"SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = '{victim}'"),
                "the survivors removed the dead replica's check-in row when they recovered it");
        }
        finally
        {
            foreach (var replica in replicas.Values) replica.Dispose();
        }
    }

    private static void AssertEverySecond(IReadOnlyList<(DateTime At, string Replica)> ticks, string when)
    {
        var seconds = ticks.Select(t => t.At).Order().ToList();
        for (var i = 1; i < seconds.Count; i++)
            Assert.AreEqual(TimeSpan.FromSeconds(1), seconds[i] - seconds[i - 1], $"{when}: no tick missing between {seconds[i - 1]:HH:mm:ss.fff} and {seconds[i]:HH:mm:ss.fff}");
    }

    private async Task<List<(DateTime At, string Replica)>> ReadTicksAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("SELECT scheduled_at, replica FROM ticks ORDER BY scheduled_at", connection);
        await using var reader = await command.ExecuteReaderAsync(Token);
        var ticks = new List<(DateTime, string)>();
        while (await reader.ReadAsync(Token)) ticks.Add((reader.GetDateTime(0), reader.GetString(1)));
        return ticks;
    }

    private async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    private async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Token);
    }
}
