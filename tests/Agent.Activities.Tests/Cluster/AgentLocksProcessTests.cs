using System.Globalization;
using Agent.Activities.Cluster;
using Agent.Testing.Postgres;
using Agent.Workflows.Cluster;

namespace Agent.Activities.Tests.Cluster;

/// <summary>
/// Real processes (tests/Agent.Cluster.Host) contending for one named lock, on PostgreSQL advisory locks and on lock
/// files: never two holders at once, and a holder killed with SIGKILL leaves the lock free.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class AgentLocksProcessTests
{
    private static PostgresServer? _server;
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [ClassInitialize]
    public static async Task StartServer(TestContext context) => _server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServer()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-locks-process-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    [DataRow("pg")]
    [DataRow("file")]
    public async Task Three_processes_contending_for_one_lock_never_hold_it_at_once(string kind)
    {
        var where = await WhereAsync(kind);
        const int Rounds = 8;
        var contenders = Enumerable.Range(0, 3).Select(_ => ClusterHostProcess.Start("contend", where, "cycle-target:/repo", "40", Rounds.ToString(CultureInfo.InvariantCulture))).ToList();
        try
        {
            var outputs = await Task.WhenAll(contenders.Select(c => c.ReadToEndAsync(Token)));
            var holds = outputs.SelectMany((lines, i) => lines.Where(l => l.StartsWith("held ", StringComparison.Ordinal)).Select(l =>
            {
                var parts = l.Split(' ');
                return (Process: i, Start: long.Parse(parts[1], CultureInfo.InvariantCulture), End: long.Parse(parts[2], CultureInfo.InvariantCulture));
            })).OrderBy(h => h.Start).ToList();
            Assert.AreEqual(3 * Rounds, holds.Count, "every round of every process got the lock");
            Assert.IsTrue(outputs.All(o => o[^1] == "done"));
            for (var i = 1; i < holds.Count; i++)
                Assert.IsTrue(holds[i].Start >= holds[i - 1].End,
                    $"process {holds[i].Process} took the lock at {holds[i].Start} while process {holds[i - 1].Process} held it until {holds[i - 1].End}");
            Assert.IsTrue(holds.Select(h => h.Process).Distinct().Count() == 3);
        }
        finally
        {
            foreach (var contender in contenders) contender.Dispose();
        }
    }

    [TestMethod]
    [DataRow("pg")]
    [DataRow("file")]
    public async Task A_lock_held_by_a_killed_process_is_free_again(string kind)
    {
        var where = await WhereAsync(kind);
        var locks = kind == "pg" ? (IAgentLocks)new PostgresAgentLocks(where[3..]) : new FileAgentLocks(where[5..]);
        var name = AgentLockNames.Instance("abc");
        using var holder = ClusterHostProcess.Start("hold", where, name);
        Assert.AreEqual("held", await holder.ReadLineAsync(Token));

        Assert.IsNull(await locks.TryAcquireAsync(name, Token), "a live holder keeps the lock");
        var timeout = await Assert.ThrowsExactlyAsync<TimeoutException>(() => locks.AcquireAsync(name, TimeSpan.FromMilliseconds(200), Token));
        StringAssert.Contains(timeout.Message, name);
        await using (var other = await locks.TryAcquireAsync("instance:other", Token))
            Assert.IsNotNull(other, "another name is another lock");

        await holder.KillAsync();
        // PostgreSQL ends the dead session when its socket closes, the kernel drops the flock with the process.
        await using var taken = await locks.AcquireAsync(name, TimeSpan.FromSeconds(10), Token);
        Assert.IsNotNull(taken);
    }

    private async Task<string> WhereAsync(string kind) => kind == "pg"
        ? "pg:" + await _server!.CreateDatabaseAsync("locks", Token)
        : "file:" + Path.Combine(_folder, "locks");
}
