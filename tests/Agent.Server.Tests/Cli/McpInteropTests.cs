using System.Text.Json;
using Agent.Activities.Claude;
using Agent.Activities.Safety.Redaction;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Microsoft.Extensions.Options;

namespace Agent.Server.Tests.Cli;

/// <summary>
/// Interop the other way round: the real <c>claude</c> CLI, given an <c>--mcp-config</c> that starts <c>./agent mcp</c>,
/// calls our <c>claude_run</c> tool because the scripted model asks for <c>mcp__agent__claude_run</c>; that tool runs an
/// inner Claude Code against the same scripted model server.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class McpInteropTests
{
    // The CLI does not wait for MCP servers before its first request in -p mode, so on a busy machine the first
    // requests may come without our tool. The last rule keeps the conversation going (a Read, which needs no permission,
    // after a short pause) until a request offers mcp__agent__claude_run.
    private const string Script = """
        { "rules": [
          { "match": { "promptContains": "inner task" }, "respond": { "text": "inner done" } },
          { "match": { "toolResultContains": "inner done" }, "respond": { "text": "outer saw the inner result" } },
          { "match": { "hasTool": "mcp__agent__claude_run" },
            "respond": { "toolUse": [ { "name": "mcp__agent__claude_run", "input": { "task": "inner task", "cwd": "{{cwd}}" } } ] } },
          { "fault": { "stallMs": 500 }, "respond": { "toolUse": [ { "name": "Read", "input": { "file_path": "{{cwd}}/notes.txt" } } ] } } ] }
        """;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_claude_cli_calls_claude_run_of_agent_mcp()
    {
        // The CLI does not wait long for MCP servers in -p mode, so build ./agent first if it is stale.
        await BuildAgentAsync();
        await using var model = new ScriptedModelServer(ScriptLoader.Parse(Script));
        var url = await model.StartAsync(TestContext.CancellationToken);
        using var cli = new CliHarness();
        var work = cli.Subfolder("work");
        var home = cli.Subfolder("home");
        await File.WriteAllTextAsync(Path.Combine(work, "notes.txt"), "waiting for the agent MCP server", TestContext.CancellationToken);
        var mcpConfig = JsonSerializer.Serialize(new
        {
            mcpServers = new Dictionary<string, object>
            {
                ["agent"] = new
                {
                    type = "stdio",
                    command = "bash",
                    args = new[] { Path.Combine(AgentRepository.Root, "agent"), "mcp" },
                    env = new Dictionary<string, string>
                    {
                        ["AGENT_Claude__BaseUrl"] = url.ToString(),
                        ["AGENT_Claude__ApiKey"] = "sk-test",
                        ["AGENT_Claude__Jobs__DatabasePath"] = Path.Combine(cli.Folder, "jobs.db"),
                        ["AGENT_Persistence__DatabasePath"] = cli.DatabasePath,
                        ["CLAUDE_CONFIG_DIR"] = cli.Subfolder("inner-config"),
                    },
                },
            },
        });
        var options = new ClaudeCliOptions { BaseUrl = url.ToString(), ApiKey = "sk-test", MaxAttempts = 1, DefaultTimeout = TimeSpan.FromMinutes(10) };
        using var gate = new ClaudeConcurrencyLimiter(Options.Create(options));
        var runner = new ClaudeRunner(Options.Create(options), gate, new NullClaudeRunLog(), new SecretRedactor());

        var result = await runner.RunAsync(new ClaudeRunRequest
        {
            Prompt = "outer task: delegate to the agent",
            OutputFormat = ClaudeOutputFormat.StreamJson,
            WorkingDirectory = work,
            McpConfig = [mcpConfig],
            StrictMcpConfig = true,
            AllowedTools = ["mcp__agent__claude_run"],
            // The first ./agent call may build the server, which can outlast the CLI's default MCP start-up wait.
            Environment = new Dictionary<string, string> { ["HOME"] = home, ["MCP_TIMEOUT"] = "600000", ["MCP_TOOL_TIMEOUT"] = "600000" },
        }, null, TestContext.CancellationToken);

        var mcp = result.Events.OfType<InitEvent>().SelectMany(i => i.McpServers).Select(m => $"{m.Name}={m.Status}");
        Assert.IsTrue(result.IsSuccess, $"{result.Subtype}: {result.Error}\nMCP servers at init: {string.Join(", ", mcp)}\n{result.StderrTail}");
        Assert.AreEqual("outer saw the inner result", result.Text);
        Assert.IsEmpty(result.PermissionDenials);
        Assert.IsTrue(model.Log.MessagesRequests.Any(r => r.RuleIndex == 0), "the inner run reached the model");
        Assert.AreEqual(1, model.Log.MessagesRequests.Count(r => r.RuleIndex == 2), "the outer run called claude_run once");
    }

    private async Task BuildAgentAsync()
    {
        var (exitCode, _, error) = await AgentWrapper.RunAsync(["--help"], null, TestContext.CancellationToken);
        Assert.AreEqual(0, exitCode, error);
    }
}
