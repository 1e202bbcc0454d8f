using System.Text.Json;
using Agent.Activities.Discovery;
using Agent.Activities.Discovery.Persistence;
using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Discovery;

/// <summary>The capability store's contract, run once per provider (<see cref="SqliteCapabilityStoreTests"/>, <see cref="PostgresCapabilityStoreTests"/>).</summary>
public abstract class CapabilityStoreTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    protected CancellationToken Token => TestContext.CancellationToken;

    internal static CapabilityStore NewStore(out string path)
    {
        path = Path.Combine(TempFolder.Create("discovery-store"), "capabilities.db");
        return new CapabilityStore(new CapabilityDatabase(Options.Create(new DiscoveryOptions { DatabasePath = path }), Options.Create(new DatabaseOptions())));
    }

    /// <summary>A store on a fresh, empty database of the provider under test.</summary>
    protected abstract Task<CapabilityStore> NewStoreAsync();

    internal static ToolDescriptor Tool(string server, string name, string schema, params string[] capabilities) =>
        new(server, name, $"{name} tool", JsonDocument.Parse(schema).RootElement.Clone(), capabilities);

    internal static ServerScanResult Ok(string server, params ToolDescriptor[] tools) =>
        new(server, McpServerSource.Agent, "stdio", ServerScanStatus.Ok, null, [], tools, [], [], TimeSpan.Zero);

    internal static ServerScanResult Failed(string server) =>
        new(server, McpServerSource.Agent, "stdio", ServerScanStatus.Failed, "exited", ["boom"], [], [], [], TimeSpan.Zero);

    [TestMethod]
    public async Task Tools_appear_change_their_schema_and_disappear_and_each_step_is_kept()
    {
        var store = await NewStoreAsync();
        const string v1 = """{"type":"object","properties":{"path":{"type":"string"}}}""";
        const string v2 = """{"type":"object","properties":{"path":{"type":"string"},"head":{"type":"number"}}}""";

        var first = await store.RecordAsync(new CapabilityScan(Monday, null, [Ok("fs", Tool("fs", "read", v1, "filesystem.read"), Tool("fs", "write", v1, "filesystem.write"))]), Token);
        var same = await store.RecordAsync(new CapabilityScan(Monday.AddDays(7), null, [Ok("fs", Tool("fs", "read", v1, "filesystem.read"), Tool("fs", "write", v1, "filesystem.write"))]), Token);
        var changed = await store.RecordAsync(new CapabilityScan(Monday.AddDays(14), null, [Ok("fs", Tool("fs", "read", v2, "filesystem.read"))]), Token);
        var back = await store.RecordAsync(new CapabilityScan(Monday.AddDays(21), null, [Ok("fs", Tool("fs", "read", v2, "filesystem.read"), Tool("fs", "write", v1, "filesystem.write"))]), Token);

        CollectionAssert.AreEqual(new[] { "Appeared read", "Appeared write" }, first.Select(c => $"{c.Kind} {c.Tool}").ToList());
        Assert.IsEmpty(same, "an unchanged scan changes nothing");
        CollectionAssert.AreEqual(new[] { "Changed read", "Disappeared write" }, changed.Select(c => $"{c.Kind} {c.Tool}").ToList());
        Assert.AreEqual(SchemaHasher.Hash(JsonDocument.Parse(v1).RootElement), changed[0].OldSchemaHash);
        Assert.AreEqual(SchemaHasher.Hash(JsonDocument.Parse(v2).RootElement), changed[0].NewSchemaHash);
        CollectionAssert.AreEqual(new[] { "Appeared write" }, back.Select(c => $"{c.Kind} {c.Tool}").ToList());

        var history = await store.HistoryAsync("fs", Token);
        CollectionAssert.AreEqual(
            new[] { "Appeared read", "Appeared write", "Changed read", "Disappeared write", "Appeared write" },
            history.Select(c => $"{c.Kind} {c.Tool}").ToList());
        Assert.AreEqual(Monday.AddDays(14), history[3].At);
        var current = await store.CurrentToolsAsync(Token);
        CollectionAssert.AreEqual(new[] { "read", "write" }, current.Select(t => t.Name).ToList());
        Assert.AreEqual(Monday, current[0].FirstSeen);
        Assert.AreEqual(Monday.AddDays(21), current[0].LastSeen);
    }

    [TestMethod]
    public async Task A_server_that_fails_keeps_its_tools_and_the_scan_report_is_kept()
    {
        var store = await NewStoreAsync();
        await store.RecordAsync(new CapabilityScan(Monday, null, [Ok("mem", Tool("mem", "create_entities", "{}", "memory.store"))]), Token);

        var changes = await store.RecordAsync(new CapabilityScan(Monday.AddDays(7), "/repo", [Failed("mem")]), Token);

        Assert.IsEmpty(changes, "an unreachable server is no proof its tools are gone");
        CollectionAssert.AreEqual(new[] { "create_entities" }, (await store.CurrentToolsAsync(Token)).Select(t => t.Name).ToList());
        var latest = await store.LatestScanAsync(Token);
        Assert.IsNotNull(latest);
        Assert.AreEqual("/repo", latest.TargetPath);
        Assert.AreEqual("failed", latest.Servers[0].Status);
        CollectionAssert.AreEqual(new[] { "boom" }, latest.Servers[0].StderrTail.ToList());
    }
}

[TestClass]
public sealed class SqliteCapabilityStoreTests : CapabilityStoreTests
{
    protected override Task<CapabilityStore> NewStoreAsync() => Task.FromResult(NewStore(out _));

    [TestMethod]
    public async Task The_store_keeps_its_own_file()
    {
        var store = NewStore(out var path);
        await store.RecordAsync(new CapabilityScan(DateTimeOffset.UnixEpoch, null, [Ok("mem", Tool("mem", "create_entities", "{}", "memory.store"))]), Token);
        Assert.IsTrue(File.Exists(path));
    }

    [TestMethod]
    public async Task A_file_that_is_not_sqlite_is_left_alone_with_a_clear_error()
    {
        var path = Path.Combine(TempFolder.Create("discovery-store-bad"), "capabilities.db");
        await File.WriteAllTextAsync(path, "not a database", Token);
        var store = new CapabilityStore(new CapabilityDatabase(Options.Create(new DiscoveryOptions { DatabasePath = path }), Options.Create(new DatabaseOptions())));

        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => store.CurrentToolsAsync(Token));

        Assert.Contains("Discovery:DatabasePath", error.Message);
        Assert.AreEqual("not a database", await File.ReadAllTextAsync(path, Token));
    }
}

[TestClass]
public sealed class PostgresCapabilityStoreTests : CapabilityStoreTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    protected override async Task<CapabilityStore> NewStoreAsync()
    {
        var server = s_server ?? throw new InvalidOperationException("The PostgreSQL server of this test class did not start; see its ClassInitialize output.");
        var database = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = await server.CreateDatabaseAsync("capabilities", Token) };
        var unused = Path.Combine(TempFolder.Create("discovery-store-pg"), "capabilities.db");
        return new CapabilityStore(new CapabilityDatabase(Options.Create(new DiscoveryOptions { DatabasePath = unused }), Options.Create(database)));
    }
}
