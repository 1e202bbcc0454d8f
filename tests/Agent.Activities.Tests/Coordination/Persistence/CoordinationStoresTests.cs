using System.Text.Json.Nodes;
using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.Testing.Postgres;

namespace Agent.Activities.Tests.Coordination.Persistence;

/// <summary>
/// The coordination stores the workflow-level tests reach only on SQLite — spawn admission, agent capabilities, the
/// coordination switches and incidents — against the real database of each provider: same answers, writes keyed once.
/// </summary>
public abstract class CoordinationStoresTests : CoordinationProviderTests
{
    private string _folder = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-coordination-stores-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private CoordinationDatabase Open() => new(DatabaseOptions(), Path.Combine(_folder, "coordination.db"));

    private static SpawnRecord Request(string id, decimal? usd = null) =>
        new(id, "agent-" + id, "implementer", null, "corr-1", usd, usd is null ? null : 5000, "plan", "", "instance-" + id, DateTimeOffset.UnixEpoch);

    [TestMethod]
    public async Task Spawn_requests_take_free_slots_in_order_queue_the_rest_and_a_rerun_finds_the_stored_request()
    {
        var store = new SpawnStore(Open(), TimeProvider.System);

        var first = await store.AdmitAsync(Request("r1", 1.25m), maxAgents: 1, Token);
        var second = await store.AdmitAsync(Request("r2"), maxAgents: 1, Token);
        var again = await store.AdmitAsync(Request("r1"), maxAgents: 1, Token);

        Assert.AreEqual(SpawnStatuses.Admitted, first.Status);
        Assert.AreEqual(1.25m, first.MaxUsd);
        Assert.AreEqual(5000L, first.MaxTokens);
        Assert.AreEqual(SpawnStatuses.Queued, second.Status, "over Coordination:MaxAgents");
        Assert.AreEqual(first.MaxUsd, again.MaxUsd, "the re-run returns the stored request unchanged");
        Assert.AreEqual(SpawnStatuses.Admitted, again.Status);

        await store.SetStatusAsync("r1", SpawnStatuses.Stopped, Token);
        var admitted = await store.AdmitQueuedAsync(maxAgents: 1, Token);

        Assert.AreEqual("r2", admitted.Single().RequestId, "the stopped agent's slot goes to the queued request");
        Assert.AreEqual("r2", (await store.FindByAgentAsync("agent-r2", Token))!.RequestId);
        Assert.AreEqual(1, (await store.ListAsync(SpawnStatuses.Stopped, Token)).Count);
    }

    [TestMethod]
    public async Task Capabilities_are_stored_per_agent_and_replaced_by_the_next_set()
    {
        var database = Open();
        await new AgentRegistry(database, TimeProvider.System).RegisterAsync("impl-1", "implementer", AgentStatuses.Idle, Token);
        var capabilities = new AgentCapabilities(database, TimeProvider.System);

        await capabilities.SetAsync("impl-1", ["dotnet"], cancellationToken: Token);
        var replaced = await capabilities.SetAsync("impl-1", ["dotnet", "python"], cancellationToken: Token);
        var read = await capabilities.GetAsync("impl-1", Token);

        CollectionAssert.AreEqual(replaced.Extra.ToList(), read.Extra.ToList());
        Assert.IsTrue(read.Covers(["implementer", "python"]));
        Assert.IsFalse(read.Covers(["rust"]));
    }

    [TestMethod]
    public async Task An_incident_is_stored_once_per_fingerprint_and_pauses_coordination_until_resumed()
    {
        var database = Open();
        var incidents = new CoordinationIncidentStore(database);
        var control = new CoordinationControl(database, TimeProvider.System);
        var finding = new DetectionFinding(DetectorNames.Deadlock, ["a", "b"], "a and b wait on each other", new JsonObject { ["cycle"] = "a→b→a" },
            DetectionFinding.FingerprintOf(DetectorNames.Deadlock, ["a", "b"]), IncidentActions.PauseAndStopSpawns);
        var at = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

        var raised = await incidents.RaiseAsync(finding, at, Token);
        var twice = await incidents.RaiseAsync(finding, at.AddMinutes(1), Token);

        Assert.IsNotNull(raised);
        Assert.IsNull(twice, "the same evidence raises nothing new");
        Assert.IsTrue(await control.IsPausedAsync(Token));
        Assert.IsTrue(await control.AreSpawnsStoppedAsync(Token));
        Assert.AreEqual(raised.Id, (await incidents.UnpublishedAsync(Token)).Single().Id);
        await incidents.MarkPublishedAsync(raised.Id, at.AddMinutes(2), Token);
        Assert.IsEmpty(await incidents.UnpublishedAsync(Token));
        Assert.AreEqual(at, (await incidents.ListAsync(null, 10, Token)).Single().At);
        Assert.AreEqual(1, (await incidents.ListAsync(DetectorNames.Deadlock, 10, Token)).Count);
        Assert.IsEmpty(await incidents.ListAsync(DetectorNames.EchoLoop, 10, Token));

        await control.ResumeAsync(Token);

        Assert.IsFalse(await control.IsPausedAsync(Token));
        Assert.IsEmpty(await control.ListAsync(Token));
    }
}

[TestClass]
public sealed class SqliteCoordinationStoresTests : CoordinationStoresTests
{
}

[TestClass]
public sealed class PostgresCoordinationStoresTests : CoordinationStoresTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override PostgresServer? Server => s_server;
}
