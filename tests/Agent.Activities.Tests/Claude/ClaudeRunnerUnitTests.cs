using Agent.Activities.Claude;
using Agent.Activities.Safety.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Claude;

[TestClass]
public sealed class ClaudeRunnerUnitTests
{
    private static readonly string ExistingDir = Path.GetTempPath();

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Arguments_always_stream_json_verbose_and_carry_every_option()
    {
        var request = new ClaudeRunRequest
        {
            Prompt = "do it", WorkingDirectory = ExistingDir, PermissionMode = "acceptEdits", AllowedTools = ["Write", "Bash(echo *)"],
            DisallowedTools = ["WebFetch"], MaxTurns = 5, Model = "sonnet", AppendSystemPrompt = "be brief", McpConfig = ["/m.json"],
            StrictMcpConfig = true, ResumeSessionId = "abc", Budget = new ClaudeBudget(MaxUsd: 0.5m),
            Environment = new Dictionary<string, string> { ["HOME"] = "/h" },
        };

        var built = ClaudeArguments.Build(request, new ClaudeCliOptions { BaseUrl = "http://127.0.0.1:9/", ApiKey = "sk-x" });

        CollectionAssert.AreEqual(new[]
        {
            "-p", "do it", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits", "--allowedTools", "Write", "Bash(echo *)",
            "--disallowedTools", "WebFetch", "--max-turns", "5", "--model", "sonnet", "--append-system-prompt", "be brief",
            "--mcp-config", "/m.json", "--strict-mcp-config", "--resume", "abc", "--max-budget-usd", "0.5",
        }, built.Arguments.ToArray());
        Assert.AreEqual("http://127.0.0.1:9", built.Environment["ANTHROPIC_BASE_URL"]);
        Assert.AreEqual("sk-x", built.Environment["ANTHROPIC_API_KEY"]);
        Assert.AreEqual("1", built.Environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"]);
        Assert.AreEqual("0", built.Environment["CLAUDE_CODE_MAX_RETRIES"]);
        Assert.AreEqual("/h", built.Environment["HOME"]);
        Assert.IsFalse(built.Environment.ContainsKey("IS_SANDBOX"), "only bypassPermissions gets IS_SANDBOX");
    }

    [TestMethod]
    public void Bypass_mode_sets_IS_SANDBOX_and_json_format_still_streams()
    {
        var built = ClaudeArguments.Build(new ClaudeRunRequest { Prompt = "p", WorkingDirectory = ExistingDir, PermissionMode = "bypassPermissions" }, new ClaudeCliOptions());

        Assert.AreEqual("1", built.Environment["IS_SANDBOX"]);
        Assert.IsFalse(built.Environment.ContainsKey("ANTHROPIC_BASE_URL"), "no override: the parent's value is inherited");
        CollectionAssert.IsSubsetOf(new[] { "stream-json", "--verbose" }, built.Arguments.ToArray());
    }

    [TestMethod]
    public void Validation_names_each_problem()
    {
        var request = new ClaudeRunRequest
        {
            Prompt = "p", WorkingDirectory = "/no/such/dir/here", PermissionMode = "yolo", MaxTurns = 0, Budget = new ClaudeBudget(-1, -2m),
        };

        var e = Assert.ThrowsExactly<ClaudeRequestException>(() => ClaudeRequestValidator.ThrowIfInvalid(request));

        Assert.HasCount(5, e.Errors);
        Assert.Contains("PermissionMode 'yolo' is unknown: use one of acceptEdits, auto, bypassPermissions, default, dontAsk, plan", e.Message);
        Assert.Contains("'/no/such/dir/here' does not exist", e.Message);
        Assert.Contains("Budget.MaxTokens -1 must be positive", e.Message);
        Assert.Contains("Budget.MaxUsd -2 must be positive", e.Message);
        Assert.IsEmpty(ClaudeRequestValidator.Validate(new ClaudeRunRequest { Prompt = "p", WorkingDirectory = ExistingDir, PermissionMode = "plan" }));
    }

    [TestMethod]
    public void A_missing_working_directory_is_refused_before_any_process_starts()
    {
        var errors = ClaudeRequestValidator.Validate(new ClaudeRunRequest { Prompt = "p", WorkingDirectory = "" });

        Assert.HasCount(1, errors);
        Assert.Contains("WorkingDirectory is missing", errors[0]);
    }

    [TestMethod]
    public void Parser_types_known_events_keeps_unknown_ones_and_rejects_malformed_lines()
    {
        var parser = new ClaudeStreamParser();

        var init = (InitEvent)parser.Parse("""{"type":"system","subtype":"init","cwd":"/w","session_id":"s1","tools":["Write","Bash"],"model":"m","mcp_servers":[{"name":"agent","status":"connected"}]}""").Single();
        Assert.AreEqual(new McpServerState("agent", "connected"), init.McpServers.Single());
        var tool = (ToolUseEvent)parser.Parse("""{"type":"assistant","message":{"id":"msg1","content":[{"type":"tool_use","id":"t1","name":"Write","input":{"file_path":"/a"}}],"usage":{"input_tokens":10,"output_tokens":2}}}""").Single();
        var toolResult = (ToolResultEvent)parser.Parse("""{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"ok","is_error":true}]}}""").Single();
        var unknown = (UnknownEvent)parser.Parse("""{"type":"system","subtype":"task_started","task_id":"x"}""").Single();
        var result = (ResultEvent)parser.Parse("""{"type":"result","subtype":"success","is_error":false,"result":"done","num_turns":2,"total_cost_usd":0.003,"usage":{"input_tokens":300,"output_tokens":60},"permission_denials":[{"tool_name":"Write","tool_use_id":"t9","tool_input":{}}],"session_id":"s1"}""").Single();
        Assert.IsEmpty(parser.Parse("   "));
        var e = Assert.ThrowsExactly<ClaudeStreamFormatException>(() => parser.Parse("{not json"));

        Assert.AreEqual(("s1", "/w", 2), (init.SessionId, init.Cwd, init.Tools.Count));
        Assert.AreEqual(("Write", "t1", 12L), (tool.Name, tool.ToolUseId, tool.Usage.Total));
        Assert.IsTrue(toolResult.IsError);
        Assert.AreEqual("task_started", unknown.Subtype);
        Assert.AreEqual(("done", 0.003m, 360L, "Write"), (result.Result, result.CostUsd, result.Usage.Total, result.PermissionDenials.Single().ToolName));
        Assert.AreEqual(7, e.LineNumber);
        Assert.Contains("Malformed CLI output on stdout line 7", e.Message);
    }

    [TestMethod]
    public void Redactor_masks_keys_tokens_and_passwords()
    {
        var redactor = new SecretRedactor();

        var text = redactor.Redact("key sk-ant-api03-abcdef123456 gh ghp_abcdefghijklmnopqrstuvwx password=hunter2 token: abc.def Authorization: Bearer eyJhbGci.x.y ok");

        Assert.DoesNotContain("abcdef123456", text);
        Assert.DoesNotContain("ghp_abcdefghij", text);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("abc.def", text);
        Assert.DoesNotContain("eyJhbGci", text);
        Assert.Contains("password=***", text);
        Assert.EndsWith(" ok", text);
        Assert.AreEqual("***", redactor.RedactVariable("GITHUB_TOKEN", "anything"));
        Assert.AreEqual("/home/x", redactor.RedactVariable("HOME", "/home/x"));
    }

    [TestMethod]
    public async Task Sqlite_run_log_round_trips_records_newest_first()
    {
        var path = Path.Combine(Path.GetTempPath(), "agent-runner-tests", Guid.NewGuid().ToString("N"), "runs.db");
        using var log = new ClaudeRunLog(path);
        var first = new ClaudeRunRecord
        {
            Id = Guid.NewGuid(), PromptSha256 = "aa", ArgumentsJson = "[]", EnvironmentJson = "{}", WorkingDirectory = "/w",
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-1), EndedAt = DateTimeOffset.UtcNow, Subtype = "success", IsSuccess = true,
            CostUsd = 0.25m, InputTokens = 10, OutputTokens = 5, ExitCode = 0, Attempts = 1,
        };
        var second = first with { Id = Guid.NewGuid(), StartedAt = DateTimeOffset.UtcNow, Subtype = "timeout", IsSuccess = false, ExitCode = null, Error = "late" };

        await log.RecordAsync(first, TestContext.CancellationToken);
        await log.RecordAsync(second, TestContext.CancellationToken);
        var recent = await log.RecentAsync(10, TestContext.CancellationToken);

        Assert.HasCount(2, recent);
        Assert.AreEqual(second.Id, recent[0].Id);
        Assert.AreEqual(("timeout", false, null, "late"), (recent[0].Subtype, recent[0].IsSuccess, recent[0].ExitCode, recent[0].Error));
        Assert.AreEqual((0.25m, 10L, 5L, 0), (recent[1].CostUsd, recent[1].InputTokens, recent[1].OutputTokens, recent[1].ExitCode));
    }

    [TestMethod]
    public void AddClaudeRunner_binds_the_Claude_section_and_rejects_bad_options_on_start()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Claude:MaxConcurrentRuns"] = "3", ["Claude:RetryBaseDelay"] = "00:00:00.100", ["Claude:BaseUrl"] = "http://127.0.0.1:1",
        }).Build();
        using var good = new ServiceCollection().AddClaudeRunner(config.GetSection(ClaudeCliOptions.SectionName)).BuildServiceProvider();
        using var bad = new ServiceCollection().AddClaudeRunner(o => o.MaxConcurrentRuns = 0).BuildServiceProvider();

        var options = good.GetRequiredService<IOptions<ClaudeCliOptions>>().Value;
        Assert.AreEqual((3, TimeSpan.FromMilliseconds(100)), (options.MaxConcurrentRuns, options.RetryBaseDelay));
        Assert.IsNotNull(good.GetRequiredService<ClaudeRunner>());
        Assert.IsInstanceOfType<NullClaudeRunLog>(good.GetRequiredService<IClaudeRunLog>());
        var e = Assert.ThrowsExactly<OptionsValidationException>(() => bad.GetRequiredService<IOptions<ClaudeCliOptions>>().Value);
        Assert.Contains("Claude:MaxConcurrentRuns is 0", e.Message);
    }
}
