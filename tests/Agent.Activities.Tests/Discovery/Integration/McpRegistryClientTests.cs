using Agent.Activities.Discovery.Registry;

namespace Agent.Activities.Tests.Discovery.Integration;

/// <summary>The registry client against a loopback MCP Registry: paging, search, and the errors of a broken registry.</summary>
[TestClass]
public sealed class McpRegistryClientTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-registry-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task A_search_follows_next_cursor_over_every_page_and_reads_the_packages()
    {
        await using var registry = LoopbackMcpRegistry.Start();
        foreach (var n in new[] { "a", "b", "c", "d", "e" })
            registry.Add(LoopbackMcpRegistry.NpmServer($"io.github.test/server-{n}", $"@test/server-{n}", "1.0.0", $"server {n}"));
        registry.Add(LoopbackMcpRegistry.NpmServer("io.github.other/unrelated", "@other/unrelated", "2.0.0"));
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl);

        var found = await host.Engine.Get<McpRegistryClient>().SearchAsync("server-", Token);

        CollectionAssert.AreEqual(new[] { "a", "b", "c", "d", "e" }.Select(n => $"io.github.test/server-{n}").ToList(), found.Select(s => s.Name).ToList());
        Assert.HasCount(3, registry.Requests, "five servers at two per page are three pages");
        StringAssert.Contains(registry.Requests[0], "version=latest");
        StringAssert.Contains(registry.Requests[1], "cursor=2");
        StringAssert.Contains(registry.Requests[2], "cursor=4");
        var package = found[0].Packages.Single();
        Assert.AreEqual(("npm", "@test/server-a", "1.0.0", "stdio"), (package.RegistryType, package.Identifier, package.Version, package.Transport!.Type));
    }

    [TestMethod]
    public async Task A_registry_answering_500_is_a_clear_error_after_its_retry()
    {
        await using var registry = LoopbackMcpRegistry.Start();
        registry.Failure = "500";
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl);

        var error = await Assert.ThrowsExactlyAsync<McpRegistryException>(() => host.Engine.Get<McpRegistryClient>().SearchAsync("memory", Token));

        StringAssert.Contains(error.Message, "answered 500");
        StringAssert.Contains(error.Message, "Discovery:Registry:BaseUrl");
        Assert.HasCount(2, registry.Requests, "one attempt and the one configured retry");
    }

    [TestMethod]
    public async Task Malformed_registry_json_is_a_clear_error()
    {
        await using var registry = LoopbackMcpRegistry.Start();
        registry.Failure = "malformed";
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl);

        var error = await Assert.ThrowsExactlyAsync<McpRegistryException>(() => host.Engine.Get<McpRegistryClient>().SearchAsync("memory", Token));

        StringAssert.Contains(error.Message, "JSON that is not a server listing");
    }

    [TestMethod]
    public async Task A_registry_that_is_down_is_a_clear_error()
    {
        string url;
        await using (var gone = LoopbackMcpRegistry.Start()) url = gone.BaseUrl;
        await using var host = await IntegrationHost.OpenAsync(_folder, url);

        var error = await Assert.ThrowsExactlyAsync<McpRegistryException>(() => host.Engine.Get<McpRegistryClient>().SearchAsync("memory", Token));

        StringAssert.Contains(error.Message, "could not be reached");
    }

    [TestMethod]
    public async Task The_local_catalog_is_searched_first_and_wins_over_the_registry()
    {
        await using var registry = LoopbackMcpRegistry.Start();
        registry.Add(LoopbackMcpRegistry.NpmServer("io.github.test/server-memory", "@test/registry-memory", "1.0.0"));
        registry.Add(LoopbackMcpRegistry.NpmServer("io.github.test/server-memory-extra", "@test/extra", "1.0.0"));
        var catalog = Path.Combine(_folder, "catalog.json");
        await File.WriteAllTextAsync(catalog, "[" + LoopbackMcpRegistry.NpmServer("io.github.test/server-memory", "@test/catalog-memory", "3.0.0") + "]", Token);
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl, new Dictionary<string, string?> { ["CatalogPath"] = catalog });

        var found = await host.Engine.Get<ServerSources>().SearchAsync("memory", Token);

        CollectionAssert.AreEqual(new[] { ("io.github.test/server-memory", "catalog", "@test/catalog-memory"), ("io.github.test/server-memory-extra", "registry", "@test/extra") },
            found.Select(c => (c.Server.Name, c.Source, c.Server.Packages[0].Identifier)).ToList());
    }
}
