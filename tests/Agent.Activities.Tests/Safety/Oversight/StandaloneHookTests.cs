using Agent.Activities.Safety.Redaction;
using System.Text.Json;
using Agent.Activities.Claude;
using Agent.Activities.Safety.Oversight;
using Agent.Activities.Safety.Policy;

namespace Agent.Activities.Tests.Safety.Oversight;

/// <summary>What <c>agent hook pre-tool-use</c> answers, without a broker.</summary>
[TestClass]
public sealed class StandaloneHookTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task It_loads_the_policy_of_the_target_and_denies_with_the_rule()
    {
        var provider = new TestPolicyProvider(new TestPolicyEvaluator());
        var sink = new RecordingSafetyEventSink();
        var hook = new StandaloneHook(provider, new ToolCallDecider(new SecretRedactor(), sink));

        var answer = await hook.AnswerAsync(HookEvents.PreToolUse, """{"cwd":"/srv/repo","tool_name":"Write","tool_input":{"file_path":"/etc/cron.d/x","content":"* * * * * root sh"}}""",
            "/srv/repo", null, TestContext.CancellationToken);

        using var output = JsonDocument.Parse(answer.Json);
        Assert.AreEqual("Denied by policy rule 'no-writes-outside-worktree': writes stay inside the task's worktree",
            output.RootElement.GetProperty("hookSpecificOutput").GetProperty("permissionDecisionReason").GetString());
        CollectionAssert.AreEqual(new[] { "/srv/repo" }, provider.Targets);
        Assert.AreEqual("no-writes-outside-worktree", sink.Events.Single().Data["rule"]);
    }

    [TestMethod]
    public async Task A_malformed_policy_denies_every_call_naming_the_file_and_line()
    {
        var hook = new StandaloneHook(new BrokenPolicyProvider(), new ToolCallDecider(new SecretRedactor()));

        var answer = await hook.AnswerAsync(HookEvents.PreToolUse, """{"cwd":"/srv/repo","tool_name":"Bash","tool_input":{"command":"ls"}}""", null, null, TestContext.CancellationToken);

        StringAssert.Contains(answer.Json, "Denied: the policy cannot be loaded: agent.policy.yaml line 3: unknown effect 'maybe'");
        Assert.IsNull(answer.Decision);
    }

    private sealed class BrokenPolicyProvider : IPolicyProvider
    {
        public Task<IPolicyEvaluator> LoadAsync(string? targetRoot, CancellationToken cancellationToken) =>
            throw new PolicyFileException("agent.policy.yaml line 3: unknown effect 'maybe'; use allow, deny, require-approval or require-consensus.", "agent.policy.yaml", 3);
    }
}
