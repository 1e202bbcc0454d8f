using Agent.Activities.Safety.Redaction;
using System.Text.Json.Nodes;
using Agent.Activities.Claude;
using Agent.Activities.Safety.Oversight;
using Agent.Activities.Safety.Policy;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Oversight;

/// <summary>Setting a run up for oversight: the merged --settings, refusals, the run log's journal column.</summary>
[TestClass]
public sealed class OversightSetupTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void The_run_s_own_settings_and_hooks_are_kept_and_ours_appended()
    {
        var merged = JsonNode.Parse(OversightSettings.Merge("""{"model":"x","hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"theirs"}]}]}}""", "ours-pre", "ours-post", 30))!;

        Assert.AreEqual("x", (string?)merged["model"]);
        var pre = merged["hooks"]!["PreToolUse"]!.AsArray();
        CollectionAssert.AreEqual(new[] { "theirs", "ours-pre" }, pre.Select(m => (string?)m!["hooks"]![0]!["command"]).ToList());
        Assert.AreEqual("*", (string?)pre[1]!["matcher"]);
        Assert.AreEqual(35, (int)pre[1]!["hooks"]![0]!["timeout"]!);
        Assert.AreEqual("ours-post", (string?)merged["hooks"]!["PostToolUse"]![0]!["hooks"]![0]!["command"]);
        Assert.IsNull(JsonNode.Parse(OversightSettings.Merge(null, "p", null, 30))!["hooks"]!["PostToolUse"]);
    }

    [TestMethod]
    public void Settings_from_a_file_are_read_and_broken_settings_say_what_to_fix()
    {
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "settings.json");
        File.WriteAllText(file, """{"env":{"A":"1"}}""");
        Assert.AreEqual("1", (string?)JsonNode.Parse(OversightSettings.Merge(file, "p", null, 30))!["env"]!["A"]);

        StringAssert.Contains(Assert.ThrowsExactly<OversightUnavailableException>(() => OversightSettings.Merge("{not json", "p", null, 30)).Message, "not valid JSON");
        StringAssert.Contains(Assert.ThrowsExactly<OversightUnavailableException>(() => OversightSettings.Merge("""{"hooks":[]}""", "p", null, 30)).Message, "'hooks' value that is not an object");
        StringAssert.Contains(Assert.ThrowsExactly<OversightUnavailableException>(() => OversightSettings.Merge(Path.Combine(folder.Path, "missing.json"), "p", null, 30)).Message, "cannot be read");
    }

    [TestMethod]
    public async Task A_malformed_policy_or_a_missing_hook_client_refuses_the_run_before_Claude_starts()
    {
        await using var server = new ScriptedModelServer(ScriptLoader.Parse("""{ "rules": [ { "respond": { "text": "should not run" } } ] }"""));
        var url = await server.StartAsync(TestContext.CancellationToken);
        using var folder = new TempDirectory();
        var cli = Options.Create(new ClaudeCliOptions { BaseUrl = url.ToString(), ApiKey = "sk-test", MaxAttempts = 1 });
        using var gate = new ClaudeConcurrencyLimiter(cli);
        await using var broker = new ToolCallBroker(new ToolCallDecider(new SecretRedactor()), Options.Create(new OversightOptions()));
        var request = new ClaudeRunRequest { Prompt = "hi", WorkingDirectory = folder.Path };

        var broken = new ClaudeRunner(cli, gate, new NullClaudeRunLog(), new SecretRedactor(),
            oversight: new ToolCallOversight(broker, new BrokenProvider(), Options.Create(new OversightOptions())));
        var noClient = new ClaudeRunner(cli, gate, new NullClaudeRunLog(), new SecretRedactor(),
            oversight: new ToolCallOversight(broker, new TestPolicyProvider(new TestPolicyEvaluator()), Options.Create(new OversightOptions { HookClientPath = Path.Combine(folder.Path, "gone") })));
        var first = await broken.RunAsync(request, null, TestContext.CancellationToken);
        var second = await noClient.RunAsync(request, null, TestContext.CancellationToken);

        Assert.AreEqual((ClaudeRunSubtypes.Refused, false), (first.Subtype, first.IsSuccess));
        Assert.AreEqual("The run was not started: agent.policy.yaml line 7: 'effect' is missing; give allow, deny, require-approval or require-consensus.", first.Error);
        Assert.AreEqual(ClaudeRunSubtypes.Refused, second.Subtype);
        StringAssert.Contains(second.Error, "does not exist, so the run cannot be overseen");
        Assert.IsEmpty(server.Log.MessagesRequests);
    }

    [TestMethod]
    public async Task A_run_log_written_before_the_journal_existed_gets_the_column_and_keeps_its_rows()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "runs.db");
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(TestContext.CancellationToken);
            await using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE claude_runs (id TEXT PRIMARY KEY, prompt_sha256 TEXT NOT NULL, arguments_json TEXT NOT NULL, environment_json TEXT NOT NULL,
                    working_directory TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT NOT NULL, subtype TEXT NOT NULL, is_success INTEGER NOT NULL,
                    session_id TEXT, cost_usd TEXT NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, exit_code INTEGER, attempts INTEGER NOT NULL, error TEXT);
                INSERT INTO claude_runs VALUES ('6f0c7a52-3b8e-4d8e-9a43-3f6f0f1f0001', 'd', '[]', '{}', '/w', '2026-01-01T00:00:00.0000000+00:00',
                    '2026-01-01T00:00:01.0000000+00:00', 'success', 1, NULL, '0', 1, 1, 0, 1, NULL);
                """;
            await create.ExecuteNonQueryAsync(TestContext.CancellationToken);
        }
        SqliteConnection.ClearAllPools();
        using var log = new ClaudeRunLog(path);

        await log.RecordAsync(new ClaudeRunRecord
        {
            Id = Guid.NewGuid(), PromptSha256 = "e", ArgumentsJson = "[]", EnvironmentJson = "{}", WorkingDirectory = "/w",
            StartedAt = DateTimeOffset.Parse("2026-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), EndedAt = DateTimeOffset.Parse("2026-02-01T00:00:01Z", System.Globalization.CultureInfo.InvariantCulture),
            Subtype = "success", IsSuccess = true, ToolDecisionsJson = """[{"Tool":"Bash","Effect":"deny"}]""",
        }, TestContext.CancellationToken);
        var runs = await log.RecentAsync(10, TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { """[{"Tool":"Bash","Effect":"deny"}]""", "[]" }, runs.Select(r => r.ToolDecisionsJson).ToList());
    }

    private sealed class BrokenProvider : IPolicyProvider
    {
        public Task<IPolicyEvaluator> LoadAsync(string? targetRoot, CancellationToken cancellationToken) =>
            throw new PolicyFileException("agent.policy.yaml line 7: 'effect' is missing; give allow, deny, require-approval or require-consensus.", "agent.policy.yaml", 7);
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = TempFolder.Create("agent-oversight-setup");

        public void Dispose() => TempFolder.Delete(Path);
    }
}
