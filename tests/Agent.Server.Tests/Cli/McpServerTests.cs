using System.Text.Json;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Agent.Server.Serve;
using Microsoft.AspNetCore.Builder;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using static Agent.Server.Tests.Cli.McpTestClient;

namespace Agent.Server.Tests.Cli;

/// <summary>
/// The MCP server through the official SDK client: over stdio against the built <c>./agent mcp</c>, and over Streamable
/// HTTP against <c>agent serve</c> in-process. The tools drive the real Claude Code CLI against the scripted model server.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class McpServerTests
{
    private const string McpApiKey = "mcp-tests-api-key-0123456789";

    private const string Script = """{ "rules": [ { "respond": { "text": "Hello from the scripted model." } } ] }""";

    private static readonly string[] ToolNames =
        ["claude_job_cancel", "claude_job_result", "claude_job_resume", "claude_job_status", "claude_jobs_list", "claude_run", "claude_run_async", "claude_run_batch"];

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Over_stdio_the_sdk_client_lists_the_tools_and_claude_run_returns_the_result()
    {
        await using var model = new ScriptedModelServer(ScriptLoader.Parse(Script));
        var url = await model.StartAsync(Token);
        using var cli = new CliHarness();
        var work = cli.Subfolder("work");
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "agent",
            Command = "bash",
            Arguments = [Path.Combine(AgentRepository.Root, "agent"), "mcp"],
            WorkingDirectory = AgentRepository.Root,
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["AGENT_Claude__BaseUrl"] = url.ToString(),
                ["AGENT_Claude__ApiKey"] = "sk-test",
                ["AGENT_Claude__Jobs__DatabasePath"] = Path.Combine(cli.Folder, "jobs.db"),
                ["AGENT_Persistence__DatabasePath"] = cli.DatabasePath,
                ["CLAUDE_CONFIG_DIR"] = cli.Subfolder("claude-config"),
                ["AGENT_ROOT"] = null,
            },
        });
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(Token);
        startup.CancelAfter(TimeSpan.FromMinutes(10)); // the first ./agent call may build the server
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: startup.Token);

        var tools = await client.ListToolsAsync(cancellationToken: Token);
        var progress = new List<ProgressNotificationValue>();
        var result = await client.CallToolAsync("claude_run", new Dictionary<string, object?> { ["task"] = "say hello", ["cwd"] = work },
            new SynchronousProgress(progress), cancellationToken: Token);

        CollectionAssert.IsSubsetOf(ToolNames, tools.Select(t => t.Name).ToList());
        Assert.IsFalse(result.IsError ?? false, Text(result));
        using var json = JsonDocument.Parse(Text(result));
        Assert.IsTrue(json.RootElement.GetProperty("isSuccess").GetBoolean(), Text(result));
        Assert.AreEqual("Hello from the scripted model.", json.RootElement.GetProperty("text").GetString());
        Assert.IsGreaterThanOrEqualTo(1, model.Log.MessagesRequests.Count);
        // Notifications precede the response on the wire but are dispatched on their own; give them a moment.
        for (var waited = 0; waited < 2000 && !HasResultProgress(progress); waited += 50) await Task.Delay(50, Token);
        Assert.IsTrue(HasResultProgress(progress), "stream events arrive as progress notifications");
    }

    private static bool HasResultProgress(List<ProgressNotificationValue> progress)
    {
        lock (progress) return progress.Any(p => p.Message == "result success");
    }

    [TestMethod]
    public async Task Over_http_claude_run_async_then_claude_job_result_and_bad_input_names_the_argument()
    {
        await using var model = new ScriptedModelServer(ScriptLoader.Parse(Script));
        var url = await model.StartAsync(Token);
        using var cli = new CliHarness();
        var work = cli.Subfolder("work");
        // /mcp needs an API key or a token like every API endpoint.
        var settings = cli.ServerSettings([.. cli.ModelSettings(url), ("Auth:ApiKeys:0", McpApiKey)]);
        await using var app = AgentServer.Build(settings);
        await app.StartAsync(Token);
        try
        {
            await using var client = await ConnectAsync(app);

            var started = await client.CallToolAsync("claude_run_async", new Dictionary<string, object?> { ["task"] = "say hello", ["cwd"] = work }, cancellationToken: Token);
            var jobId = JsonDocument.Parse(Text(started)).RootElement.GetProperty("jobId").GetString()!;
            var done = await client.CallToolAsync("claude_job_result", new Dictionary<string, object?> { ["jobId"] = jobId, ["waitSeconds"] = 60 }, cancellationToken: Token);
            var list = await client.CallToolAsync("claude_jobs_list", new Dictionary<string, object?> { ["state"] = "succeeded" }, cancellationToken: Token);

            var job = JsonDocument.Parse(Text(done)).RootElement;
            Assert.AreEqual("succeeded", job.GetProperty("state").GetString(), Text(done));
            Assert.AreEqual("Hello from the scripted model.", job.GetProperty("result").GetProperty("text").GetString());
            Assert.Contains(jobId, Text(list));

            var status = await client.CallToolAsync("claude_job_status", new Dictionary<string, object?> { ["jobId"] = jobId }, cancellationToken: Token);
            var cancel = await client.CallToolAsync("claude_job_cancel", new Dictionary<string, object?> { ["jobId"] = jobId }, cancellationToken: Token);
            Assert.AreEqual("succeeded", JsonDocument.Parse(Text(status)).RootElement.GetProperty("state").GetString(), Text(status));
            Assert.AreEqual("succeeded", JsonDocument.Parse(Text(cancel)).RootElement.GetProperty("state").GetString(), "a finished job stays as it ended");

            var batch = await client.CallToolAsync("claude_run_batch", new Dictionary<string, object?>
            {
                ["tasks"] = new object[] { new { task = "one", cwd = work }, new { task = "two", cwd = Path.Combine(work, "missing") } },
                ["max_concurrent"] = 2,
            }, cancellationToken: Token);
            var items = JsonDocument.Parse(Text(batch)).RootElement;
            Assert.AreEqual(2, items.GetArrayLength(), Text(batch));
            Assert.IsTrue(items[0].GetProperty("isSuccess").GetBoolean(), Text(batch));
            Assert.IsFalse(items[1].GetProperty("isSuccess").GetBoolean());
            Assert.Contains("WorkingDirectory", items[1].GetProperty("error").GetString()!);

            await AssertInvalidAsync(client, "permissionMode", new() { ["task"] = "x", ["cwd"] = work, ["permissionMode"] = "yolo" });
            await AssertInvalidAsync(client, "cwd", new() { ["task"] = "x" });
            await AssertInvalidAsync(client, "budget", new() { ["task"] = "x", ["cwd"] = work, ["budget"] = -1 });
            await AssertInvalidAsync(client, "budgetTokens", new() { ["task"] = "x", ["cwd"] = work, ["budgetTokens"] = 0 });
            await AssertInvalidAsync(client, "jobId", new() { ["jobId"] = "no-such-job" }, "claude_job_resume");
            await AssertInvalidAsync(client, "jobId", new() { ["jobId"] = "no-such-job" }, "claude_job_status");
            await AssertInvalidAsync(client, "state", new() { ["state"] = "sleeping" }, "claude_jobs_list");
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    [TestMethod]
    public async Task A_job_running_when_the_server_stops_shows_interrupted_after_a_restart_and_claude_job_resume_continues_its_session()
    {
        // The first request stalls (and is dropped), so the job is still running when the server stops; the resumed
        // session's request is told apart by the resume prompt.
        const string script = """
            { "rules": [
              { "match": { "promptContains": "was interrupted" }, "respond": { "text": "resumed and finished" } },
              { "fault": { "stallMs": 120000 } } ] }
            """;
        await using var model = new ScriptedModelServer(ScriptLoader.Parse(script));
        var url = await model.StartAsync(Token);
        using var cli = new CliHarness();
        var work = cli.Subfolder("work");
        var settings = cli.ServerSettings([.. cli.ModelSettings(url), ("Auth:ApiKeys:0", McpApiKey)]);

        string jobId;
        await using (var first = AgentServer.Build(settings))
        {
            await first.StartAsync(Token);
            await using var client = await ConnectAsync(first);
            var started = await client.CallToolAsync("claude_run_async", new Dictionary<string, object?> { ["task"] = "the first task", ["cwd"] = work }, cancellationToken: Token);
            jobId = JsonDocument.Parse(Text(started)).RootElement.GetProperty("jobId").GetString()!;
            // Running with a session and a request at the model: the CLI has written the session by then.
            for (var waited = 0; waited < 60_000 && model.Log.InFlight == 0; waited += 100) await Task.Delay(100, Token);
            var running = JsonDocument.Parse(Text(await client.CallToolAsync("claude_job_status", new Dictionary<string, object?> { ["jobId"] = jobId }, cancellationToken: Token))).RootElement;
            Assert.AreEqual("running", running.GetProperty("state").GetString());
            Assert.IsFalse(string.IsNullOrEmpty(running.GetProperty("sessionId").GetString()), "the session is known while it runs");
            await first.StopAsync(Token);
        }

        await using var second = AgentServer.Build(settings);
        await second.StartAsync(Token);
        try
        {
            await using var client = await ConnectAsync(second);
            var status = JsonDocument.Parse(Text(await client.CallToolAsync("claude_job_status", new Dictionary<string, object?> { ["jobId"] = jobId }, cancellationToken: Token))).RootElement;
            Assert.AreEqual("interrupted", status.GetProperty("state").GetString());
            var session = status.GetProperty("sessionId").GetString()!;
            Assert.Contains(session, status.GetProperty("error").GetString()!);

            var resumed = await client.CallToolAsync("claude_job_resume", new Dictionary<string, object?> { ["jobId"] = jobId }, cancellationToken: Token);
            var newId = JsonDocument.Parse(Text(resumed)).RootElement.GetProperty("jobId").GetString()!;
            var done = JsonDocument.Parse(Text(await client.CallToolAsync("claude_job_result", new Dictionary<string, object?> { ["jobId"] = newId, ["waitSeconds"] = 60 }, cancellationToken: Token))).RootElement;

            Assert.AreNotEqual(jobId, newId);
            Assert.AreEqual("succeeded", done.GetProperty("state").GetString(), done.ToString());
            Assert.AreEqual("resumed and finished", done.GetProperty("result").GetProperty("text").GetString());
            Assert.AreEqual(session, done.GetProperty("result").GetProperty("sessionId").GetString(), "the same session continued");
            // The resumed conversation still holds the first task.
            Assert.Contains("the first task", model.Log.MessagesRequests[^1].Body!.Value.GetRawText());
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
    }

    private Task<McpClient> ConnectAsync(WebApplication app) => McpTestClient.ConnectAsync(new Uri(app.Urls.First()), McpApiKey, Token);

    private async Task AssertInvalidAsync(McpClient client, string argument, Dictionary<string, object?> arguments, string tool = "claude_run")
    {
        var error = await Assert.ThrowsAsync<McpException>(() => client.CallToolAsync(tool, arguments, cancellationToken: Token).AsTask());
        Assert.Contains($"'{argument}'", error.Message);
    }

    /// <summary>Collects progress on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(List<ProgressNotificationValue> values) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value)
        {
            lock (values) values.Add(value);
        }
    }
}
