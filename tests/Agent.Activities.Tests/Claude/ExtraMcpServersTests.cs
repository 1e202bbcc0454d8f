using System.Text.Json;
using Agent.Activities.Claude;

namespace Agent.Activities.Tests.Claude;

/// <summary>Extra MCP servers for a run: turned into inline --mcp-config JSON after the .mcp.json file, bad shapes refused.</summary>
[TestClass]
public sealed class ExtraMcpServersTests
{
    [TestMethod]
    public void A_server_map_becomes_inline_config_passed_after_the_mcp_json_file()
    {
        var folder = TempFolder.Create("agent-extra-mcp");
        try
        {
            var file = Path.Combine(folder, ClaudeExecuteSettings.TargetMcpConfigFileName);
            File.WriteAllText(file, """{ "mcpServers": {} }""");
            var servers = new Dictionary<string, object?>
            {
                ["agent"] = new Dictionary<string, object?> { ["command"] = "/usr/bin/agent", ["args"] = new[] { "mcp" }, ["env"] = new Dictionary<string, string> { ["AGENT_Coordination__ResumeOnSend"] = "false" } },
            };
            var inline = ExtraMcpServers.ToInlineConfig(servers)!;

            var request = new ClaudeExecuteSettings { WorkingDirectory = folder, ExtraMcpConfig = inline }.ToRequest("x");
            var args = ClaudeArguments.Build(request, new ClaudeCliOptions()).Arguments;

            Assert.HasCount(2, request.McpConfig);
            Assert.AreEqual(file, request.McpConfig[0]);
            using var parsed = JsonDocument.Parse(request.McpConfig[1]);
            var agent = parsed.RootElement.GetProperty("mcpServers").GetProperty("agent");
            Assert.AreEqual("/usr/bin/agent", agent.GetProperty("command").GetString());
            Assert.AreEqual("false", agent.GetProperty("env").GetProperty("AGENT_Coordination__ResumeOnSend").GetString());
            var at = args.ToList().IndexOf("--mcp-config");
            CollectionAssert.AreEqual(new[] { file, inline }, args.Skip(at + 1).Take(2).ToList());
        }
        finally { TempFolder.Delete(folder); }
    }

    [TestMethod]
    public void Json_text_is_accepted_and_nothing_gives_no_config()
    {
        Assert.IsNull(ExtraMcpServers.ToInlineConfig(null));
        Assert.IsNull(ExtraMcpServers.ToInlineConfig("  "));
        Assert.IsNull(ExtraMcpServers.ToInlineConfig("{}"));
        StringAssert.Contains(ExtraMcpServers.ToInlineConfig("""{ "s": { "command": "x" } }"""), "\"mcpServers\":{\"s\":{\"command\":\"x\"}}");
        Assert.IsEmpty(new ClaudeExecuteSettings { WorkingDirectory = Path.GetTempPath(), LoadTargetMcpServers = false }.ToRequest("x").McpConfig);
    }

    [TestMethod]
    public void Bad_shapes_are_refused_with_what_to_give()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ExtraMcpServers.ToInlineConfig("[1]")).Message, "object mapping");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ExtraMcpServers.ToInlineConfig("{ \"s\": { \"args\": [] } }")).Message, "mcpServers.s needs a \"command\"");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ExtraMcpServers.ToInlineConfig("{ \"s\": { \"command\": \"x\", \"args\": \"mcp\" } }")).Message, "args must be a list");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ExtraMcpServers.ToInlineConfig("{ \"s\": { \"command\": \"x\", \"env\": [] } }")).Message, "env must be an object");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ExtraMcpServers.ToInlineConfig("{ nope")).Message, "not valid JSON");
    }
}
