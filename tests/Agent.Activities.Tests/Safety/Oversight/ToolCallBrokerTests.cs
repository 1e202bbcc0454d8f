using Agent.Activities.Safety.Redaction;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Agent.Activities.Claude;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Oversight;
using Agent.Activities.Safety.Policy;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Oversight;

/// <summary>The broker answering the real bash hook client over loopback.</summary>
[TestClass]
public sealed class ToolCallBrokerTests
{
    private const string Worktree = "/tmp/agent-oversight-tree";
    private readonly RecordingSafetyEventSink _sink = new();

    public TestContext TestContext { get; set; } = null!;

    private static string Client => Path.Combine(AppContext.BaseDirectory, OversightOptions.HookClientFileName);

    private ToolCallBroker NewBroker() =>
        new(new ToolCallDecider(new SecretRedactor(), _sink), Options.Create(new OversightOptions()));

    private static RunOversight NewRun() =>
        new(new TestPolicyEvaluator(), new PolicyContext(DateTimeOffset.UtcNow, Worktree, HomeDirectory: "/tmp/home"));

    private static string Hook(string hookEvent, string tool, string input, string extra = "") =>
        $$"""{"session_id":"s","cwd":"{{Worktree}}","hook_event_name":"{{hookEvent}}","tool_name":"{{tool}}","tool_input":{{input}},"tool_use_id":"toolu_9"{{extra}}}""";

    private async Task<(int Exit, string Stdout, string Stderr)> RunClientAsync(string hookEvent, int port, RunOversight run, string stdin, string? token = null)
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Client, hookEvent, port.ToString(System.Globalization.CultureInfo.InvariantCulture), run.RunId, token ?? run.Token }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        await process.WaitForExitAsync(TestContext.CancellationToken);
        return (process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }

    private static string? DenyReason(string stdout)
    {
        using var document = JsonDocument.Parse(stdout);
        if (!document.RootElement.TryGetProperty("hookSpecificOutput", out var output)) return null;
        Assert.AreEqual("deny", output.GetProperty("permissionDecision").GetString());
        return output.GetProperty("permissionDecisionReason").GetString();
    }

    [TestMethod]
    public async Task A_denied_Bash_call_gets_the_rule_and_reason_is_journaled_and_published()
    {
        await using var broker = NewBroker();
        var run = NewRun();
        using var registration = await broker.RegisterAsync(run, TestContext.CancellationToken);

        var answer = await RunClientAsync("pre-tool-use", broker.Port!.Value, run, Hook("PreToolUse", "Bash", """{"command":"git push --force origin main"}"""));

        Assert.AreEqual(0, answer.Exit, answer.Stderr);
        Assert.AreEqual("Denied by policy rule 'no-git-push': pushing is for a person after review", DenyReason(answer.Stdout));
        var decision = run.Decisions.Single();
        Assert.AreEqual(new ToolDecision(decision.At, "PreToolUse", "Bash", "toolu_9", "command", "git push --force origin main", "deny", "no-git-push",
            "Denied by policy rule 'no-git-push': pushing is for a person after review"), decision);
        var published = _sink.Events.Single();
        Assert.AreEqual(SafetyEventKinds.PolicyDenied, published.Kind);
        Assert.AreEqual(run.RunId, published.Data["runId"]);
        Assert.AreEqual("no-git-push", published.Data["rule"]);
    }

    [TestMethod]
    public async Task An_allowed_call_prints_no_decision_so_Claude_s_own_permissions_apply_and_a_PostToolUse_is_recorded()
    {
        await using var broker = NewBroker();
        var run = NewRun();
        using var registration = await broker.RegisterAsync(run, TestContext.CancellationToken);
        var port = broker.Port!.Value;

        var pre = await RunClientAsync("pre-tool-use", port, run, Hook("PreToolUse", "Write", $$"""{"file_path":"{{Worktree}}/a.txt","content":"line\u0001\n\"quoted\" \\ back"}"""));
        var post = await RunClientAsync("post-tool-use", port, run, Hook("PostToolUse", "Bash", """{"command":"false"}""", ""","tool_response":{"stdout":"","stderr":"boom","interrupted":true}"""));

        Assert.AreEqual("{}", pre.Stdout);
        Assert.AreEqual("{}", post.Stdout);
        Assert.AreEqual(2, run.Decisions.Count);
        Assert.AreEqual(("allow", $"{Worktree}/a.txt"), (run.Decisions[0].Effect, run.Decisions[0].InputSummary));
        Assert.AreEqual(("recorded", false, "the command was interrupted"), (run.Decisions[1].Effect, run.Decisions[1].Succeeded, run.Decisions[1].Reason));
        Assert.IsEmpty(_sink.Events);
    }

    [TestMethod]
    public async Task A_wrong_token_or_an_unknown_run_is_denied_as_not_a_run_of_this_agent()
    {
        await using var broker = NewBroker();
        var run = NewRun();
        using (await broker.RegisterAsync(run, TestContext.CancellationToken))
        {
            var forged = await RunClientAsync("pre-tool-use", broker.Port!.Value, run, Hook("PreToolUse", "Read", """{"file_path":"/tmp/x"}"""), token: new string('0', 32));
            StringAssert.Contains(DenyReason(forged.Stdout), "not a run of this agent");
        }
        var afterEnd = await RunClientAsync("pre-tool-use", broker.Port!.Value, run, Hook("PreToolUse", "Read", """{"file_path":"/tmp/x"}"""));
        StringAssert.Contains(DenyReason(afterEnd.Stdout), "not a run of this agent");
        Assert.IsEmpty(run.Decisions);
    }

    [TestMethod]
    public async Task When_no_broker_listens_the_client_denies_fail_closed()
    {
        // A port that was just free: nothing listens on it.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var answer = await RunClientAsync("pre-tool-use", port, NewRun(), Hook("PreToolUse", "Bash", """{"command":"ls"}"""));

        Assert.AreEqual(0, answer.Exit);
        StringAssert.Contains(DenyReason(answer.Stdout), $"the broker on 127.0.0.1:{port} is not reachable");
    }

    [TestMethod]
    public async Task A_policy_that_needs_approval_denies_in_a_headless_run_and_says_so()
    {
        await using var broker = NewBroker();
        var run = new RunOversight(new ApprovalPolicy(), new PolicyContext(DateTimeOffset.UtcNow, Worktree));
        using var registration = await broker.RegisterAsync(run, TestContext.CancellationToken);

        var answer = await RunClientAsync("pre-tool-use", broker.Port!.Value, run, Hook("PreToolUse", "mcp__github__merge_pr", """{"pr":1}"""));

        StringAssert.StartsWith(DenyReason(answer.Stdout), "Denied: this needs a person's approval: merges need a maintainer (policy rule 'merge-approval')");
        Assert.AreEqual("require-approval", run.Decisions.Single().Effect);
        Assert.AreEqual("require-approval", _sink.Events.Single().Data["effect"]);
    }

    [TestMethod]
    public async Task Twenty_parallel_hook_calls_are_each_answered()
    {
        await using var broker = NewBroker();
        var run = NewRun();
        using var registration = await broker.RegisterAsync(run, TestContext.CancellationToken);
        var calls = Enumerable.Range(0, 20).Select(i => RunClientAsync("pre-tool-use", broker.Port!.Value, run,
            Hook("PreToolUse", "Bash", i % 2 == 0 ? $$"""{"command":"echo {{i}}"}""" : """{"command":"git push"}""")));

        var answers = await Task.WhenAll(calls);

        Assert.AreEqual(10, answers.Count(a => a.Stdout == "{}"));
        Assert.AreEqual(10, answers.Count(a => DenyReason(a.Stdout) is not null));
        Assert.AreEqual(20, run.Decisions.Count);
    }

    private sealed class ApprovalPolicy : IPolicyEvaluator
    {
        public PolicyDecision Evaluate(PolicyAction action, PolicyContext context) =>
            new(PolicyEffect.RequireApproval, "merge-approval", "merges need a maintainer", "test", []);
    }
}
