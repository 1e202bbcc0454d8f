using System.Net.Http.Json;
using System.Text.Json;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using ModelContextProtocol.Client;
using static Agent.Server.Tests.Cli.McpTestClient;

namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class EmergencyStopTests
{
    private const string Script = """
        {
          "name": "stop-test",
          "rules": [
            { "match": { "promptContains": "stall" }, "fault": { "stallMs": 120000 }, "respond": { "text": "too late" } },
            { "respond": { "text": "Hello after the stop." } }
          ]
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Agent_stop_kills_every_claude_process_refuses_new_runs_across_a_restart_and_clears()
    {
        using var cli = new CliHarness();
        await using var model = new ScriptedModelServer(ScriptLoader.Parse(Script));
        var url = await model.StartAsync(Token);
        var work = cli.Subfolder("work");
        (string, string)[] settings = [("Claude:BaseUrl", url.ToString()), ("Claude:ApiKey", "sk-test"), ("Claude:RepositoryRoot", AgentRepository.Root), ("Claude:MaxAttempts", "1")];

        var server = await ServerProcess.StartAsync(cli, Token, settings);
        try
        {
            await using (var client = await ConnectAsync(server))
            {
                var jobs = new List<string>();
                for (var i = 0; i < 2; i++)
                {
                    var started = await client.CallToolAsync("claude_run_async", new Dictionary<string, object?> { ["task"] = $"stall {i}", ["cwd"] = work }, cancellationToken: Token);
                    jobs.Add(JsonDocument.Parse(Text(started)).RootElement.GetProperty("jobId").GetString()!);
                }
                var claude = new List<int>();
                for (var waited = 0; claude.Count < 2 && waited < 120_000; waited += 100)
                {
                    await Task.Delay(100, Token);
                    claude = ClaudeProcesses(server.Id);
                }
                Assert.AreEqual(2, claude.Count, $"two claude processes run under the server\n{server.Log}");

                var stop = await cli.RunAsync("stop", "--reason", "test", "--by", "tester");
                Assert.AreEqual(0, stop.ExitCode, stop.ToString());

                for (var waited = 0; claude.Any(ProcessTree.IsAlive) && waited < 10_000; waited += 50) await Task.Delay(50, Token);
                Assert.AreEqual(0, claude.Count(ProcessTree.IsAlive), "every claude process the server ran is gone");
                Assert.AreEqual(0, ClaudeProcesses(server.Id).Count);

                foreach (var job in jobs)
                {
                    var result = JsonDocument.Parse(Text(await client.CallToolAsync("claude_job_result", new Dictionary<string, object?> { ["jobId"] = job, ["waitSeconds"] = 30 }, cancellationToken: Token))).RootElement;
                    Assert.AreNotEqual("running", result.GetProperty("state").GetString(), result.ToString());
                    StringAssert.Contains(result.ToString(), "emergency stop by tester");
                }
                await AssertRefusedAsync(client, work);
            }

            server.Kill();
            await server.DisposeAsync();
            server = await ServerProcess.StartAsync(cli, Token, settings);
            var status = await server.Http.GetFromJsonAsync<JsonElement>("/api/stop", Token);
            Assert.IsTrue(status.GetProperty("stopped").GetBoolean(), "the stop survives a restart");
            await using (var client = await ConnectAsync(server))
            {
                await AssertRefusedAsync(client, work);
                Assert.IsTrue((await server.Http.DeleteAsync("/api/stop", Token)).IsSuccessStatusCode);
                var run = JsonDocument.Parse(Text(await client.CallToolAsync("claude_run", new Dictionary<string, object?> { ["task"] = "say hello", ["cwd"] = work }, cancellationToken: Token))).RootElement;
                Assert.AreEqual("success", run.GetProperty("subtype").GetString(), run.ToString());
                Assert.AreEqual("Hello after the stop.", run.GetProperty("text").GetString());
            }
            var statusCli = await cli.RunAsync("stop", "--status");
            StringAssert.Contains(statusCli.Output, "Not stopped.");
        }
        finally { await server.DisposeAsync(); }
    }

    private async Task AssertRefusedAsync(McpClient client, string work)
    {
        var refused = JsonDocument.Parse(Text(await client.CallToolAsync("claude_run", new Dictionary<string, object?> { ["task"] = "say hello", ["cwd"] = work }, cancellationToken: Token))).RootElement;
        Assert.AreEqual("refused", refused.GetProperty("subtype").GetString(), refused.ToString());
        StringAssert.Contains(refused.GetProperty("error").GetString(), "emergency stop is active (set by tester");
        var status = JsonDocument.Parse(Text(await client.CallToolAsync("emergency_stop", new Dictionary<string, object?> { ["action"] = "status" }, cancellationToken: Token))).RootElement;
        Assert.IsTrue(status.GetProperty("stopped").GetBoolean());
    }

    private Task<McpClient> ConnectAsync(ServerProcess server) => McpTestClient.ConnectAsync(server.Url, ServerProcess.ApiKey, Token);

    /// <summary>Live descendants of <paramref name="root"/> whose command line runs the claude CLI.</summary>
    private static List<int> ClaudeProcesses(int root) =>
        [.. ProcessTree.Descendants(root).Where(ProcessTree.IsAlive).Where(pid => ProcessTree.CommandLine(pid).Contains("claude", StringComparison.Ordinal))];
}
