using Agent.Activities.Safety.Policy;
using Microsoft.Extensions.Options;
using static Agent.Activities.Tests.Safety.Policy.PolicyFixture;

namespace Agent.Activities.Tests.Safety.Policy;

/// <summary>The three layers read from real files: built-in, the operator's file, the target's file; replacing, adding, locking.</summary>
[TestClass]
public sealed class PolicyLayeringTests
{
    private string _folder = null!;
    private string _target = null!;
    private string _agentFile = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolders()
    {
        _folder = TempFolder.Create("policy-layers");
        _target = Directory.CreateDirectory(Path.Combine(_folder, "target")).FullName;
        _agentFile = Path.Combine(_folder, "agent", "agent.policy.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(_agentFile)!);
    }

    [TestCleanup]
    public void DeleteFolders() => TempFolder.Delete(_folder);

    private PolicyProvider Provider()
    {
        var parser = new PolicyFileParser();
        return new PolicyProvider(new BuiltInPolicy(parser), parser, Options.Create(new PolicyOptions { Path = _agentFile }));
    }

    private Task<CompiledPolicy> LoadAsync() => Provider().LoadCompiledAsync(_target, TestContext.CancellationToken);

    private PolicyContext InTarget() => Context() with { WorktreeRoot = Path.Combine(_folder, "wt"), TargetRoot = _target };

    [TestMethod]
    public async Task Without_files_the_built_in_policy_applies()
    {
        var policy = await LoadAsync();

        CollectionAssert.AreEqual(new[] { "built-in" }, policy.Sources.ToArray());
        Assert.AreEqual("no-push", policy.Command("git push", InTarget()).RuleId);
    }

    [TestMethod]
    public async Task A_target_adds_rules_and_replaces_unlocked_ones_where_they_stood()
    {
        await File.WriteAllTextAsync(Path.Combine(_target, "agent.policy.yaml"), """
            rules:
              - id: no-network
                match: { action: network, hosts: ["*"] }
                effect: require-approval
                reason: ask before any network call
              - id: no-publish
                match: { action: command, command: "Bash(npm publish:*)" }
            """, TestContext.CancellationToken);

        var policy = await LoadAsync();

        Assert.HasCount(2, policy.Sources);
        Assert.AreEqual(new BuiltInPolicy(new PolicyFileParser()).Document.Rules.Count + 1 + 1, policy.Rules.Count, "the built-in rules, the target's new one and the parser's hidden-program");
        var network = policy.Command("curl https://example.com", InTarget());
        Assert.AreEqual((PolicyEffect.RequireApproval, "no-network"), (network.Effect, network.RuleId));
        StringAssert.Contains(network.Source, Path.Combine(_target, "agent.policy.yaml") + ":2");
        Assert.AreEqual("no-publish", policy.Command("npm publish", InTarget()).RuleId);
    }

    [TestMethod]
    public async Task A_target_cannot_replace_a_locked_rule_and_the_error_names_its_line()
    {
        var file = Path.Combine(_target, "agent.policy.yaml");
        await File.WriteAllTextAsync(file, "version: 1\nrules:\n  - id: no-push\n    match: { action: command, command: \"Bash(git push --dry-run:*)\" }\n", TestContext.CancellationToken);

        var e = await Assert.ThrowsExactlyAsync<PolicyFileException>(LoadAsync);

        Assert.AreEqual((file, 3), (e.File, e.Line));
        StringAssert.Contains(e.Message, "rule 'no-push' is locked by built-in:");
        StringAssert.Contains(e.Message, "give your rule another id");
    }

    [TestMethod]
    public async Task A_target_s_more_specific_allow_cannot_go_below_a_locked_rule()
    {
        await File.WriteAllTextAsync(Path.Combine(_target, "agent.policy.yaml"), """
            rules:
              - id: push-my-branch
                match: { action: command, command: "Bash(git push origin agent/*)", taskType: fix-build }
                effect: allow
              - id: etc-is-mine
                match: { action: file.edit, paths: ["/etc/**"], outside: worktree }
                effect: allow
            """, TestContext.CancellationToken);

        var policy = await LoadAsync();

        var push = policy.Command("git push origin agent/fix-1", InTarget() with { TaskType = "fix-build" });
        Assert.AreEqual((PolicyEffect.Deny, "no-push"), (push.Effect, push.RuleId));
        StringAssert.StartsWith(push.Matched[0], "[git push origin agent/fix-1] push-my-branch (allow", "the more specific rule matched, and is listed first");
        Assert.AreEqual("writes-stay-in-worktree", policy.Edit("/etc/hosts", InTarget()).RuleId);
    }

    [TestMethod]
    public async Task A_target_may_tighten_the_default_but_not_loosen_it()
    {
        var file = Path.Combine(_target, "agent.policy.yaml");
        await File.WriteAllTextAsync(file, "default: require-approval\n", TestContext.CancellationToken);
        Assert.AreEqual(PolicyEffect.RequireApproval, (await LoadAsync()).Command("make", InTarget()).Effect);

        await File.WriteAllTextAsync(_agentFile, "default: deny\n", TestContext.CancellationToken);
        var e = await Assert.ThrowsExactlyAsync<PolicyFileException>(LoadAsync);
        Assert.AreEqual((file, 1), (e.File, e.Line));
        StringAssert.Contains(e.Message, $"may only tighten the default, not loosen 'deny' (from {_agentFile}:1) to 'require-approval'");
    }

    [TestMethod]
    public async Task The_operator_may_replace_a_locked_rule_by_its_id()
    {
        await File.WriteAllTextAsync(_agentFile, """
            rules:
              - id: no-push
                match: { action: command, command: "Bash(git push --force:*)" }
                reason: only force pushes are refused here
                locked: true
            """, TestContext.CancellationToken);

        var policy = await LoadAsync();

        Assert.AreEqual("default", policy.Command("git push origin main", InTarget()).RuleId);
        Assert.AreEqual("no-push", policy.Command("git push --force origin main", InTarget()).RuleId);
    }

    [TestMethod]
    public async Task A_malformed_target_file_fails_the_load_with_its_line()
    {
        var file = Path.Combine(_target, "agent.policy.yaml");
        await File.WriteAllTextAsync(file, "rules:\n  - id: a\n    match: { action: file.write }\n", TestContext.CancellationToken);

        var e = await Assert.ThrowsExactlyAsync<PolicyFileException>(LoadAsync);

        Assert.AreEqual($"{file}:3: unknown action class 'file.write' in rule 'a'; use one of {string.Join(", ", PolicyActionClasses.All)}.", e.Message);
    }
}
