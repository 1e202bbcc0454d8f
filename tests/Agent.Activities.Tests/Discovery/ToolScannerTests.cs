using Agent.Activities.Discovery;

namespace Agent.Activities.Tests.Discovery;

/// <summary>The scanner against real MCP servers from npm and against broken ones.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ToolScannerTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task The_three_npm_servers_are_scanned_and_their_tools_tagged()
    {
        var folder = TempFolder.Create("discovery-npm");
        var services = new DiscoveryTestServices(TimeSpan.FromSeconds(60));

        var scan = await services.Scanner.ScanAsync([.. McpTestServers.NpmServers.Select(n => DiscoveryTestServices.Npm(n, folder))], null, parallel: true, Token);

        foreach (var server in scan.Servers) Assert.AreEqual(ServerScanStatus.Ok, server.Status, $"{server.Name}: {server.Error}\n{string.Join("\n", server.StderrTail)}");
        var filesystem = scan.Servers.Single(s => s.Name == "filesystem").Tools.ToDictionary(t => t.Name);
        CollectionAssert.Contains(filesystem["read_text_file"].Capabilities.ToList(), "filesystem.read");
        CollectionAssert.Contains(filesystem["list_directory"].Capabilities.ToList(), "filesystem.read");
        CollectionAssert.Contains(filesystem["write_file"].Capabilities.ToList(), "filesystem.write");
        CollectionAssert.DoesNotContain(filesystem["write_file"].Capabilities.ToList(), "web.search");
        Assert.AreEqual("mcp__filesystem__read_text_file", filesystem["read_text_file"].QualifiedName);
        Assert.IsNotNull(filesystem["read_text_file"].InputSchema);
        var memory = scan.Servers.Single(s => s.Name == "memory").Tools.ToDictionary(t => t.Name);
        CollectionAssert.Contains(memory["create_entities"].Capabilities.ToList(), "memory.store");
        CollectionAssert.Contains(memory["read_graph"].Capabilities.ToList(), "memory.store");
        var everything = scan.Servers.Single(s => s.Name == "everything");
        Assert.IsTrue(everything.Tools.Any(t => t.Name == "echo"), string.Join(", ", everything.Tools.Select(t => t.Name)));
        Assert.IsNotEmpty(everything.Resources, "server-everything offers resources");
        Assert.IsNotEmpty(everything.Prompts, "server-everything offers prompts");
        Assert.IsTrue(scan.Capabilities.IsSupersetOf(["filesystem.read", "filesystem.write", "memory.store"]));
    }

    [TestMethod]
    public async Task Broken_servers_are_reported_with_their_reason_and_stderr_and_the_scan_goes_on()
    {
        var folder = TempFolder.Create("discovery-broken");
        var services = new DiscoveryTestServices(TimeSpan.FromSeconds(15));
        McpServerEntry[] servers =
        [
            DiscoveryTestServices.Stdio("exits", McpTestServers.ExitsAtOnce(folder)),
            DiscoveryTestServices.Npm("memory", folder),
            DiscoveryTestServices.Stdio("silent", McpTestServers.NeverAnswers(folder)),
            DiscoveryTestServices.Stdio("garbage", McpTestServers.WritesGarbage(folder)),
            DiscoveryTestServices.Stdio("missing", Path.Combine(folder, "no-such-program")),
        ];

        var scan = await services.Scanner.ScanAsync(servers, null, parallel: true, Token);

        CollectionAssert.AreEqual(new[] { "exits", "memory", "silent", "garbage", "missing" }, scan.Servers.Select(s => s.Name).ToList());
        var byName = scan.Servers.ToDictionary(s => s.Name);
        Assert.AreEqual(ServerScanStatus.Ok, byName["memory"].Status, byName["memory"].Error);
        Assert.IsNotEmpty(byName["memory"].Tools);
        foreach (var name in new[] { "exits", "silent", "garbage", "missing" })
        {
            var server = byName[name];
            Assert.AreEqual(ServerScanStatus.Failed, server.Status, name);
            Assert.IsFalse(string.IsNullOrWhiteSpace(server.Error), name);
            Assert.IsEmpty(server.Tools, name);
            TestContext.WriteLine($"{name}: {server.Error} | stderr: {string.Join(" / ", server.StderrTail)}");
        }
        CollectionAssert.Contains(byName["exits"].StderrTail.ToList(), "fatal: missing API_TOKEN, cannot start");
        Assert.DoesNotContain("no answer within", byName["exits"].Error!, "an exit is not a timeout");
        Assert.Contains("no answer within 15 s", byName["silent"].Error!);
        CollectionAssert.Contains(byName["silent"].StderrTail.ToList(), "listening (not really)");
        CollectionAssert.Contains(byName["garbage"].StderrTail.ToList(), "garbage server started");
        Assert.Contains("not JSON-RPC, e.g. 'Welcome to my server v1.0'", byName["garbage"].Error!);
        Assert.DoesNotContain("not JSON-RPC", byName["silent"].Error!);
        Assert.Contains("exited with code 3", byName["exits"].Error!);
        Assert.Contains("no-such-program", byName["missing"].Error!);
        Assert.StartsWith("could not be started", byName["missing"].Error!);
    }

    [TestMethod]
    public async Task A_server_whose_pipes_break_before_it_exits_is_reported_with_its_exit_code()
    {
        var folder = TempFolder.Create("discovery-pipes");
        var services = new DiscoveryTestServices(TimeSpan.FromSeconds(15));

        var scan = await services.Scanner.ScanAsync([DiscoveryTestServices.Stdio("closes", McpTestServers.ClosesPipesThenExits(folder))], null, parallel: false, Token);

        var server = scan.Servers.Single();
        Assert.AreEqual(ServerScanStatus.Failed, server.Status);
        Assert.StartsWith("exited with code 4 while waiting for its answer to 'initialize'", server.Error!, "the client saw the pipes break first; the probe must still wait for the exit");
        CollectionAssert.Contains(server.StderrTail.ToList(), "fatal: config file is unreadable");
    }
}
