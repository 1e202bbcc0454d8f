using System.Text.Json;

namespace Agent.Activities.Tests.Claude;

/// <summary>
/// The real Claude Code CLI (tools/claude-code) against the scripted model server, nothing mocked in between.
/// Each test costs about half a second of CLI start-up.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class RealCliTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private static string ScriptFile(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scripts", name));

    [TestMethod]
    public async Task Json_output_carries_the_scripted_text_and_the_log_records_the_prompt()
    {
        await using var run = await ClaudeCliRun.StartAsync(ScriptFile("hello.json"), Token);

        var outcome = await run.RunAsync("say hello to the tests", ["--output-format", "json"], Token);

        Assert.AreEqual(0, outcome.ExitCode, outcome.ToString());
        var result = outcome.Result();
        Assert.IsFalse(result.GetProperty("is_error").GetBoolean(), outcome.ToString());
        Assert.AreEqual("Hello from the scripted model.", result.GetProperty("result").GetString());
        var calls = run.Server.Log.MessagesRequests;
        Assert.HasCount(1, calls);
        Assert.Contains("say hello to the tests", calls[0].Body!.Value.GetRawText());
        Assert.AreEqual("***", calls[0].Headers["x-api-key"], "the API key is redacted in the log");
        Assert.AreEqual(0, run.Server.Log.InFlight);
    }

    [TestMethod]
    public async Task Stream_json_prints_init_then_assistant_text_then_the_result()
    {
        await using var run = await ClaudeCliRun.StartAsync(ScriptFile("hello.json"), Token);

        var outcome = await run.RunAsync("hi", ["--output-format", "stream-json", "--verbose"], Token);

        Assert.AreEqual(0, outcome.ExitCode, outcome.ToString());
        var lines = outcome.Lines();
        Assert.AreEqual("system", lines[0].GetProperty("type").GetString());
        Assert.AreEqual("init", lines[0].GetProperty("subtype").GetString());
        Assert.AreEqual(run.WorkingDirectory, lines[0].GetProperty("cwd").GetString());
        var assistant = lines.Single(l => l.GetProperty("type").GetString() == "assistant");
        Assert.AreEqual("Hello from the scripted model.", assistant.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.AreEqual("result", lines[^1].GetProperty("type").GetString());
    }

    [TestMethod]
    public async Task A_scripted_Write_tool_use_writes_the_file_in_the_working_directory()
    {
        await using var run = await ClaudeCliRun.StartAsync(ScriptFile("write-file.json"), Token);

        var outcome = await run.RunAsync("make a file", ["--output-format", "json", "--permission-mode", "acceptEdits"], Token);

        Assert.AreEqual(0, outcome.ExitCode, outcome.ToString());
        var result = outcome.Result();
        Assert.AreEqual("Wrote hello.txt.", result.GetProperty("result").GetString());
        Assert.AreEqual(0, result.GetProperty("permission_denials").GetArrayLength());
        Assert.AreEqual("hello from the script\n", await File.ReadAllTextAsync(Path.Combine(run.WorkingDirectory, "hello.txt"), Token));
        var calls = run.Server.Log.MessagesRequests;
        Assert.HasCount(2, calls);
        CollectionAssert.AreEqual(new[] { 0, 1 }, calls.Select(c => c.RuleIndex ?? -1).ToArray(), "turn 2 carries the tool result and is answered by rule 2");
    }

    [TestMethod]
    public async Task A_429_with_retry_after_is_retried_by_the_CLI_and_succeeds()
    {
        await using var run = await ClaudeCliRun.StartAsync(ScriptFile("faults-429.json"), Token);

        var outcome = await run.RunAsync("hi", ["--output-format", "json"], Token);

        Assert.AreEqual(0, outcome.ExitCode, outcome.ToString());
        Assert.AreEqual("Answered after a 429.", outcome.Result().GetProperty("result").GetString());
        var calls = run.Server.Log.MessagesRequests;
        Assert.HasCount(2, calls);
        CollectionAssert.AreEqual(new[] { 0, 1 }, calls.Select(c => c.RuleIndex ?? -1).ToArray());
    }

    [TestMethod]
    public async Task A_malformed_event_stream_ends_the_run_as_an_error()
    {
        const string script = """{ "name": "broken", "rules": [ { "fault": { "malformedSse": true } } ] }""";
        await using var run = await ClaudeCliRun.StartAsync(script, Token);

        var outcome = await run.RunAsync("hi", ["--output-format", "json"], Token, maxRetries: 0);

        Assert.AreNotEqual(0, outcome.ExitCode, outcome.ToString());
        Assert.IsTrue(outcome.Result().GetProperty("is_error").GetBoolean(), outcome.ToString());
        Assert.IsGreaterThanOrEqualTo(1, run.Server.Log.MessagesRequests.Count);
    }

    [TestMethod]
    public async Task A_script_gap_fails_the_run_with_the_servers_message()
    {
        const string script = """{ "rules": [ { "match": { "promptContains": "never sent" }, "respond": { "text": "x" } } ] }""";
        await using var run = await ClaudeCliRun.StartAsync(script, Token);

        var outcome = await run.RunAsync("hi", ["--output-format", "json"], Token, maxRetries: 0);

        Assert.AreEqual(1, outcome.ExitCode, outcome.ToString());
        var result = outcome.Result();
        Assert.AreEqual(400, result.GetProperty("api_error_status").GetInt32());
        Assert.Contains("No script rule matches", result.GetProperty("result").GetString()!);
    }
}
