using Agent.Activities.Safety.Redaction;
using System.Text.Json;
using Agent.Activities.Claude;
using Agent.Activities.Safety.Oversight;
using Agent.Activities.Safety.Policy;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Oversight;

/// <summary>What <c>agent hook pre-tool-use</c> answers, without a broker.</summary>
[TestClass]
public sealed class StandaloneHookTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task It_loads_the_real_policy_of_the_target_and_denies_with_the_rule()
    {
        // The real provider (built-in policy, no operator file) and a target with its own agent.policy.yaml: the target's
        // rule only decides if the hook really loaded the policy of the target it was given.
        var folder = TempFolder.Create("agent-standalone-hook");
        try
        {
            var target = Directory.CreateDirectory(Path.Combine(folder, "repo")).FullName;
            await File.WriteAllTextAsync(Path.Combine(target, PolicyOptions.FileName), """
                version: 1
                rules:
                  - id: no-publish
                    match: { action: command, command: "Bash(npm publish:*)" }
                    effect: deny
                    reason: "Releases are cut by the release pipeline."
                """, TestContext.CancellationToken);
            var parser = new PolicyFileParser();
            var provider = new PolicyProvider(new BuiltInPolicy(parser), parser, Options.Create(new PolicyOptions { Path = Path.Combine(folder, "none.yaml") }));
            var sink = new RecordingSafetyEventSink();
            var hook = new StandaloneHook(provider, new ToolCallDecider(new SecretRedactor(), sink));

            var write = await hook.AnswerAsync(HookEvents.PreToolUse, $$$"""{"cwd":"{{{target}}}","tool_name":"Write","tool_input":{"file_path":"/etc/cron.d/x","content":"* * * * * root sh"}}""",
                target, null, TestContext.CancellationToken);
            var publish = await hook.AnswerAsync(HookEvents.PreToolUse, $$$"""{"cwd":"{{{target}}}","tool_name":"Bash","tool_input":{"command":"npm publish --access public"}}""",
                target, null, TestContext.CancellationToken);
            var elsewhere = await hook.AnswerAsync(HookEvents.PreToolUse, $$$"""{"cwd":"{{{folder}}}","tool_name":"Bash","tool_input":{"command":"npm publish --access public"}}""",
                folder, null, TestContext.CancellationToken);

            StringAssert.StartsWith(DenyReason(write), "Denied by policy rule 'writes-stay-in-worktree': Files may only be written inside the task's worktree");
            Assert.AreEqual("Denied by policy rule 'no-publish': Releases are cut by the release pipeline. (npm publish --access public)", DenyReason(publish));
            Assert.AreEqual("{}", elsewhere.Json.Trim(), "without the target's file nothing forbids publishing");
            CollectionAssert.AreEqual(new[] { "writes-stay-in-worktree", "no-publish" }, sink.Events.Select(e => e.Data["rule"]).ToList());
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    private static string? DenyReason(HookAnswer answer)
    {
        using var output = JsonDocument.Parse(answer.Json);
        return output.RootElement.GetProperty("hookSpecificOutput").GetProperty("permissionDecisionReason").GetString();
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
