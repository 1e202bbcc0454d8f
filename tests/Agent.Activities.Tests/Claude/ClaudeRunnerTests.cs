using Agent.Activities.Claude;

namespace Agent.Activities.Tests.Claude;

/// <summary>The runner against the real Claude Code CLI and the scripted model server; nothing mocked in between.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ClaudeRunnerTests
{
    private const string WriteScript = """
        { "rules": [
          { "match": { "turn": 1 }, "respond": { "text": "Writing.", "toolUse": [ { "name": "Write", "input": { "file_path": "{{cwd}}/out.txt", "content": "from the runner\n" } } ] } },
          { "match": { "turn": 2 }, "respond": { "text": "Done writing." } } ] }
        """;

    private const string ReadLoopScript = """
        { "rules": [ { "respond": { "toolUse": [ { "name": "Read", "input": { "file_path": "{{cwd}}/notes.txt" } } ], "usage": { "inputTokens": 4000, "outputTokens": 100 } } } ] }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_Write_turn_writes_the_file_and_events_arrive_in_order_and_the_run_is_recorded()
    {
        await using var box = await RunnerSandbox.StartAsync(WriteScript, Token);
        var events = new EventRecorder();

        var result = await box.Runner.RunAsync(box.Request("make the file, password=hunter2") with { PermissionMode = ClaudePermissionModes.AcceptEdits }, events, Token);

        Assert.IsTrue(result.IsSuccess, $"{result.Error}\n{result.StderrTail}");
        Assert.AreEqual("success", result.Subtype);
        Assert.AreEqual("Done writing.", result.Text);
        Assert.AreEqual(0, result.ExitCode);
        Assert.IsTrue(result.MadeEdits);
        Assert.IsNotNull(result.SessionId);
        Assert.IsGreaterThan(0L, result.Usage.InputTokens);
        Assert.AreEqual("from the runner\n", await File.ReadAllTextAsync(Path.Combine(box.WorkingDirectory, "out.txt"), Token));
        var kinds = events.Events.Select(e => e.GetType().Name).Where(n => n != nameof(UnknownEvent)).ToList();
        CollectionAssert.AreEqual(new[] { nameof(ProcessStartedEvent), nameof(InitEvent), nameof(AssistantTextEvent), nameof(ToolUseEvent), nameof(ToolResultEvent), nameof(AssistantTextEvent), nameof(ResultEvent) }, kinds, string.Join(", ", kinds));
        Assert.AreEqual(box.WorkingDirectory, events.Events.OfType<InitEvent>().Single().Cwd);
        Assert.AreEqual("Write", events.Events.OfType<ToolUseEvent>().Single().Name);

        var record = (await box.Log.RecentAsync(10, Token)).Single();
        Assert.IsTrue(record.IsSuccess);
        Assert.AreEqual(64, record.PromptSha256.Length);
        Assert.DoesNotContain("hunter2", record.ArgumentsJson, "the prompt is stored as a digest only");
        Assert.Contains("acceptEdits", record.ArgumentsJson);
        Assert.AreEqual(box.WorkingDirectory, record.WorkingDirectory);
    }

    [TestMethod]
    public async Task Reaching_max_turns_ends_with_error_max_turns()
    {
        await using var box = await RunnerSandbox.StartAsync(ReadLoopScript, Token);

        var result = await box.Runner.RunAsync(box.Request("read forever") with { MaxTurns = 1 }, null, Token);

        Assert.IsFalse(result.IsSuccess);
        Assert.AreEqual(ClaudeRunSubtypes.ErrorMaxTurns, result.Subtype, result.Error);
        Assert.AreEqual(1, result.Attempts, "not an API failure, so not retried");
    }

    [TestMethod]
    public async Task A_429_once_is_retried_by_the_runner_and_succeeds()
    {
        const string script = """{ "rules": [ { "fault": { "status": 429, "message": "slow down" }, "times": 1 }, { "respond": { "text": "Second time lucky." } } ] }""";
        await using var box = await RunnerSandbox.StartAsync(script, Token);

        var result = await box.Runner.RunAsync(box.Request("hi"), null, Token);

        Assert.IsTrue(result.IsSuccess, result.Error);
        Assert.AreEqual("Second time lucky.", result.Text);
        Assert.AreEqual(2, result.Attempts);
        Assert.HasCount(2, box.Server.Log.MessagesRequests, "one request per process: the CLI itself did not retry");
    }

    [TestMethod]
    public async Task A_persistent_500_fails_clearly_after_the_configured_attempts()
    {
        const string script = """{ "rules": [ { "fault": { "status": 500, "message": "boom" } } ] }""";
        await using var box = await RunnerSandbox.StartAsync(script, Token, o => o.MaxAttempts = 3);

        var result = await box.Runner.RunAsync(box.Request("hi"), null, Token);

        Assert.IsFalse(result.IsSuccess);
        Assert.AreEqual(ClaudeRunSubtypes.ApiError, result.Subtype);
        Assert.AreEqual(500, result.ApiErrorStatus);
        Assert.AreEqual(3, result.Attempts);
        Assert.HasCount(3, box.Server.Log.MessagesRequests);
        Assert.Contains("after 3 attempt", result.Error!);
        Assert.AreEqual("api_error", (await box.Log.RecentAsync(1, Token)).Single().Subtype);
    }

    [TestMethod]
    public async Task A_run_that_edited_and_then_hit_a_500_is_not_retried()
    {
        const string script = """
            { "rules": [
              { "match": { "turn": 1 }, "respond": { "toolUse": [ { "name": "Write", "input": { "file_path": "{{cwd}}/half.txt", "content": "x" } } ] } },
              { "match": { "turn": 2 }, "fault": { "status": 500, "message": "boom" } } ] }
            """;
        await using var box = await RunnerSandbox.StartAsync(script, Token);

        var result = await box.Runner.RunAsync(box.Request("edit then fail") with { PermissionMode = ClaudePermissionModes.AcceptEdits }, null, Token);

        Assert.IsFalse(result.IsSuccess);
        Assert.AreEqual(ClaudeRunSubtypes.ApiError, result.Subtype);
        Assert.IsTrue(result.MadeEdits);
        Assert.AreEqual(1, result.Attempts);
        Assert.HasCount(2, box.Server.Log.MessagesRequests);
        Assert.Contains("not retried", result.Error!);
    }

    [TestMethod]
    public async Task A_run_that_edited_and_then_hit_a_500_resumes_its_session_when_told()
    {
        const string script = """
            { "rules": [
              { "match": { "promptContains": "Continue the task" }, "respond": { "text": "picked up where I left off" } },
              { "match": { "turn": 1 }, "respond": { "toolUse": [ { "name": "Write", "input": { "file_path": "{{cwd}}/half.txt", "content": "x" } } ] } },
              { "match": { "turn": 2 }, "fault": { "status": 500, "message": "boom" }, "times": 1 } ] }
            """;
        await using var box = await RunnerSandbox.StartAsync(script, Token);

        var request = box.Request("edit then fail") with { PermissionMode = ClaudePermissionModes.AcceptEdits, ResumeAfterEdits = true };
        var result = await box.Runner.RunAsync(request, null, Token);

        Assert.IsTrue(result.IsSuccess, result.Error);
        Assert.AreEqual("picked up where I left off", result.Text);
        Assert.AreEqual(2, result.Attempts);
        Assert.IsTrue(result.MadeEdits, "the first attempt's Write still counts");
        Assert.AreEqual("x", File.ReadAllText(Path.Combine(box.WorkingDirectory, "half.txt")));
        // The resumed request carries the earlier conversation: the Write call and its result come before the new prompt.
        var resumed = box.Server.Log.MessagesRequests[^1].Body!.Value.GetRawText();
        Assert.Contains("Continue the task", resumed);
        Assert.Contains("half.txt", resumed);
    }

    [TestMethod]
    public async Task Cancel_during_a_Bash_tool_kills_the_whole_tree_within_a_second()
    {
        const string script = """
            { "rules": [
              { "match": { "turn": 1 }, "respond": { "toolUse": [ { "name": "Bash", "input": { "command": "sleep 30", "description": "wait" } } ] } },
              { "respond": { "text": "slept" } } ] }
            """;
        await using var box = await RunnerSandbox.StartAsync(script, Token);
        await using var tree = new ProcessTreeWatcher();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var events = new EventRecorder(e =>
        {
            if (e is ProcessStartedEvent started) tree.Watch(started.ProcessId);
            // Give the tool a moment to spawn its shell and sleep, then cancel.
            if (e is ToolUseEvent) cancel.CancelAfter(TimeSpan.FromMilliseconds(800));
        });

        var result = await box.Runner.RunAsync(box.Request("sleep") with { PermissionMode = ClaudePermissionModes.BypassPermissions }, events, cancel.Token);

        Assert.AreEqual(ClaudeRunSubtypes.Cancelled, result.Subtype, result.Error);
        Assert.IsFalse(result.IsSuccess);
        await AssertTreeGoneAsync(tree, expectAtLeast: 2);
    }

    [TestMethod]
    public async Task A_timeout_while_the_API_stalls_kills_the_tree_and_says_timeout()
    {
        const string script = """{ "rules": [ { "fault": { "stallMs": 20000 }, "respond": { "text": "too late" } } ] }""";
        await using var box = await RunnerSandbox.StartAsync(script, Token);
        await using var tree = new ProcessTreeWatcher();
        var events = new EventRecorder(e => { if (e is ProcessStartedEvent started) tree.Watch(started.ProcessId); });

        var result = await box.Runner.RunAsync(box.Request("hi") with { Timeout = TimeSpan.FromSeconds(2) }, events, Token);

        Assert.AreEqual(ClaudeRunSubtypes.Timeout, result.Subtype, result.Error);
        Assert.Contains("timeout", result.Error!);
        Assert.IsLessThan(TimeSpan.FromSeconds(8), result.Duration);
        await AssertTreeGoneAsync(tree, expectAtLeast: 1);
    }

    [TestMethod]
    public async Task Exceeding_the_token_budget_mid_run_stops_it_with_budget_exceeded()
    {
        await using var box = await RunnerSandbox.StartAsync(ReadLoopScript, Token);
        await File.WriteAllTextAsync(Path.Combine(box.WorkingDirectory, "notes.txt"), "notes\n", Token);

        var result = await box.Runner.RunAsync(box.Request("read a lot") with { Budget = new ClaudeBudget(MaxTokens: 10_000) }, null, Token);

        Assert.AreEqual(ClaudeRunSubtypes.BudgetExceeded, result.Subtype, result.Error + result.StderrTail);
        Assert.IsFalse(result.IsSuccess);
        Assert.IsGreaterThan(10_000L, result.Usage.Total);
        Assert.IsLessThanOrEqualTo(4, box.Server.Log.MessagesRequests.Count, "stopped at once, not after many more calls");
    }

    [TestMethod]
    public async Task Six_runs_with_MaxConcurrentRuns_2_never_have_more_than_2_requests_in_flight()
    {
        const string script = """{ "rules": [ { "fault": { "stallMs": 400 }, "respond": { "text": "ok" } } ] }""";
        await using var box = await RunnerSandbox.StartAsync(script, Token, o => o.MaxConcurrentRuns = 2);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => box.Runner.RunAsync(box.Request($"task {i}"), null, Token)));

        Assert.IsTrue(results.All(r => r.IsSuccess), string.Join("\n", results.Select(r => r.Error)));
        Assert.HasCount(6, box.Server.Log.MessagesRequests);
        Assert.IsLessThanOrEqualTo(2, box.Server.Log.MaxInFlight);
        // Not asserting == 2: under full-suite load two CLI start-ups may not overlap their requests, which is not a cap failure.
        Assert.IsGreaterThanOrEqualTo(1, box.Server.Log.MaxInFlight);
    }

    [TestMethod]
    public async Task Output_that_is_not_stream_json_is_malformed_and_never_success()
    {
        await using var box = await RunnerSandbox.StartAsync("""{ "rules": [ { "respond": { "text": "unused" } } ] }""", Token, o =>
        {
            var fake = Path.Combine(Path.GetTempPath(), "agent-runner-tests", "fake-claude-" + Guid.NewGuid().ToString("N") + ".sh");
            Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
            File.WriteAllText(fake, "#!/bin/sh\necho 'this is not json'\nsleep 30\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            o.ExecutablePath = fake;
        });

        var result = await box.Runner.RunAsync(box.Request("hi"), null, Token);

        Assert.AreEqual(ClaudeRunSubtypes.MalformedOutput, result.Subtype);
        Assert.IsFalse(result.IsSuccess);
        Assert.Contains("Malformed CLI output", result.Error!);
        Assert.IsLessThan(TimeSpan.FromSeconds(10), result.Duration, "stopped at once, not after the fake's sleep");
        Assert.IsFalse((await box.Log.RecentAsync(1, Token)).Single().IsSuccess);
    }

    private static async Task AssertTreeGoneAsync(ProcessTreeWatcher tree, int expectAtLeast)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        await tree.StopAsync();
        var seen = tree.Seen;
        Assert.IsGreaterThanOrEqualTo(expectAtLeast, seen.Count, $"the watcher saw the tree: {string.Join(",", seen)}");
        var alive = seen.Where(ProcessTree.IsAlive).ToList();
        Assert.IsEmpty(alive, $"still alive 1 s after the stop: {string.Join(", ", alive.Select(p => $"{p} {ProcessTree.CommandLine(p)}"))}");
    }
}
