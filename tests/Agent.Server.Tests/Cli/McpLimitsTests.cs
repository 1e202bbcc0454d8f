using System.Text.Json;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Agent.Server.Serve;
using static Agent.Server.Tests.Cli.McpTestClient;

namespace Agent.Server.Tests.Cli;

/// <summary>
/// MCP <c>claude_run</c> in the real server host: its Claude process runs under <c>Safety:Limits:Claude</c> and its spend
/// counts against the day budget like any cycle run (the real Claude CLI against the scripted model server).
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class McpLimitsTests
{
    private const string McpApiKey = "mcp-limits-tests-api-key-0123456789";

    private const string Script = """{ "rules": [ { "respond": { "text": "Hello from the scripted model.", "usage": { "inputTokens": 3000, "outputTokens": 50 } } } ] }""";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private async Task<JsonElement> RunAsync(CliHarness cli, Uri model, string work, params (string, string)[] extra)
    {
        var settings = cli.ServerSettings([.. cli.ModelSettings(model), ("Auth:ApiKeys:0", McpApiKey), .. extra]);
        await using var app = AgentServer.Build(settings);
        await app.StartAsync(Token);
        try
        {
            await using var client = await ConnectAsync(new Uri(app.Urls.First()), McpApiKey, Token);
            var result = await client.CallToolAsync("claude_run", new Dictionary<string, object?> { ["task"] = "say hello", ["cwd"] = work }, cancellationToken: Token);
            return JsonDocument.Parse(Text(result)).RootElement.Clone();
        }
        finally
        {
            await app.StopAsync(Token);
        }
    }

    [TestMethod]
    public async Task Claude_run_is_killed_by_the_configured_memory_limit_and_an_MCP_run_over_the_day_budget_is_refused()
    {
        await using var model = new ScriptedModelServer(ScriptLoader.Parse(Script));
        var url = await model.StartAsync(Token);
        using var cli = new CliHarness();
        var work = cli.Subfolder("work");

        var limited = await RunAsync(cli, url, work, ("Safety:Limits:Claude:MemoryMiB", "24"));
        Assert.AreEqual("limit_exceeded", limited.GetProperty("subtype").GetString(), limited.ToString());
        StringAssert.Contains(limited.GetProperty("error").GetString(), "memory limit 24 MiB exceeded");

        var charged = await RunAsync(cli, url, work);
        Assert.IsTrue(charged.GetProperty("isSuccess").GetBoolean(), charged.ToString());
        var budget = await cli.RunAsync("budget", "--json");
        var day = budget.Json().EnumerateArray().Single(s => s.GetProperty("scope").GetString() == "day");
        Assert.IsGreaterThanOrEqualTo(3000L, day.GetProperty("spentTokens").GetInt64(), budget.ToString());

        var requests = model.Log.MessagesRequests.Count;
        var refused = await RunAsync(cli, url, work, ("Safety:Budgets:MaxTokensPerDay", "3000"));
        Assert.AreEqual("budget_exceeded", refused.GetProperty("subtype").GetString(), refused.ToString());
        StringAssert.Contains(refused.GetProperty("error").GetString(), "day budget exhausted");
        Assert.AreEqual(requests, model.Log.MessagesRequests.Count, "the refused run never called the model");
    }
}
