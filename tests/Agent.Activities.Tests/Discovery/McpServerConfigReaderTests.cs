using Agent.Activities.Discovery;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Discovery;

[TestClass]
public sealed class McpServerConfigReaderTests
{
    [TestMethod]
    public void A_project_file_with_stdio_and_http_servers_is_read_like_claude_code_reads_it()
    {
        var folder = TempFolder.Create("discovery-config");
        File.WriteAllText(Path.Combine(folder, ".mcp.json"), """
            {"mcpServers": {
              "memory": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"], "env": {"MEMORY_FILE_PATH": "/tmp/m.jsonl"}},
              "remote": {"type": "http", "url": "https://example.test/mcp", "headers": {"Authorization": "Bearer x"}},
              "legacy": {"type": "sse", "url": "http://127.0.0.1:9/sse"}
            }}
            """);
        var catalog = new McpServerCatalog(Options.Create(new DiscoveryOptions
        {
            IncludeUserConfig = false,
            Servers = { ["own"] = new McpServerOptions { Command = "node", Args = ["server.js"] } },
        }));

        var servers = catalog.Collect(folder);

        CollectionAssert.AreEqual(new[] { "own", "memory", "remote", "legacy" }, servers.Select(s => s.Name).ToList());
        Assert.AreEqual(McpServerSource.Agent, servers[0].Source);
        var memory = servers[1];
        Assert.AreEqual(McpTransportKind.Stdio, memory.Transport);
        Assert.AreEqual(McpServerSource.Target, memory.Source);
        CollectionAssert.AreEqual(new[] { "-y", "@modelcontextprotocol/server-memory" }, memory.Args.ToList());
        Assert.AreEqual("/tmp/m.jsonl", memory.Env["MEMORY_FILE_PATH"]);
        Assert.AreEqual(folder, memory.WorkingDirectory);
        Assert.AreEqual(McpTransportKind.Http, servers[2].Transport);
        Assert.AreEqual("Bearer x", servers[2].Headers["authorization"]);
        Assert.AreEqual(McpTransportKind.Sse, servers[3].Transport);
    }

    [TestMethod]
    public void The_user_config_adds_its_global_and_project_servers_after_the_others()
    {
        var folder = TempFolder.Create("discovery-user");
        var user = Path.Combine(folder, ".claude.json");
        File.WriteAllText(user,
            "{\"numStartups\": 3, \"mcpServers\": {\"global\": {\"command\": \"g\"}}, \"projects\": {\"" + folder
            + "\": {\"mcpServers\": {\"perProject\": {\"command\": \"p\"}, \"global\": {\"command\": \"ignored\"}}}}}");
        var catalog = new McpServerCatalog(Options.Create(new DiscoveryOptions { UserConfigPath = user }));

        var servers = catalog.Collect(folder);

        CollectionAssert.AreEqual(new[] { "global", "perProject" }, servers.Select(s => s.Name).ToList());
        Assert.AreEqual("g", servers[0].Command);
        Assert.IsTrue(servers.All(s => s.Source == McpServerSource.User));
    }

    [TestMethod]
    [DataRow("""{"mcpServers": {"x": {"args": ["a"]}}}""", "server 'x': a stdio server needs 'command'")]
    [DataRow("""{"mcpServers": {"x": {"type": "http", "url": "not a url"}}}""", "server 'x': an http server needs an absolute http(s) 'url'")]
    [DataRow("""{"mcpServers": {"x": {"type": "websocket", "url": "ws://a"}}}""", "unknown type 'websocket'")]
    [DataRow("""{"mcpServers": {"x": {"command": "a", "args": "b"}}}""", "'args' must be an array of strings")]
    [DataRow("""{"mcpServers": [1]}""", "'mcpServers' must be an object")]
    [DataRow("""{"mcpServers": """, "not valid JSON")]
    public void Invalid_project_files_name_the_file_the_server_and_the_fix(string json, string problem)
    {
        var folder = TempFolder.Create("discovery-bad");
        File.WriteAllText(Path.Combine(folder, ".mcp.json"), json);
        var catalog = new McpServerCatalog(Options.Create(new DiscoveryOptions { IncludeUserConfig = false }));

        var error = Assert.ThrowsExactly<McpConfigException>(() => catalog.Collect(folder));

        Assert.Contains(problem, error.Message);
        Assert.Contains(".mcp.json", error.Message);
    }

    [TestMethod]
    public void Environment_variables_are_expanded_with_defaults_and_an_unset_one_without_default_is_an_error()
    {
        var json = System.Text.Json.JsonDocument.Parse("""
            {"search": {"command": "${TOOLS}/search", "args": ["--key=${KEY}", "--region=${REGION:-eu}"],
                        "env": {"TOKEN": "${KEY}"}},
             "remote": {"type": "http", "url": "${BASE:-http://127.0.0.1:9}/mcp", "headers": {"Authorization": "Bearer ${KEY}"}}}
            """).RootElement;
        var variables = new Dictionary<string, string> { ["TOOLS"] = "/opt/tools", ["KEY"] = "k123" };

        var servers = McpServerConfigReader.ReadServers(json, ".mcp.json", McpServerSource.Target, null, variables.GetValueOrDefault);

        Assert.AreEqual("/opt/tools/search", servers[0].Command);
        CollectionAssert.AreEqual(new[] { "--key=k123", "--region=eu" }, servers[0].Args.ToList());
        Assert.AreEqual("k123", servers[0].Env["TOKEN"]);
        Assert.AreEqual(new Uri("http://127.0.0.1:9/mcp"), servers[1].Url);
        Assert.AreEqual("Bearer k123", servers[1].Headers["Authorization"]);
        var error = Assert.ThrowsExactly<McpConfigException>(() => McpServerConfigReader.ReadServers(json, ".mcp.json", McpServerSource.Target, null, _ => null));
        Assert.Contains("server 'search': the environment variable 'TOOLS' is not set and has no default", error.Message);
    }

    [TestMethod]
    public void Options_validation_reports_every_bad_server_and_a_bad_timeout()
    {
        var options = new DiscoveryOptions
        {
            ServerTimeout = TimeSpan.Zero,
            Servers = { ["a"] = new McpServerOptions(), ["b"] = new McpServerOptions { Type = "http" } },
        };

        var result = new DiscoveryOptionsValidator().Validate(null, options);

        Assert.IsTrue(result.Failed);
        Assert.HasCount(3, result.Failures!);
        Assert.IsTrue(result.Failures!.Any(f => f.Contains("ServerTimeout")), result.FailureMessage);
        Assert.IsTrue(result.Failures!.Any(f => f.Contains("server 'a'")), result.FailureMessage);
        Assert.IsTrue(new DiscoveryOptionsValidator().Validate(null, new DiscoveryOptions()).Succeeded);
    }
}
