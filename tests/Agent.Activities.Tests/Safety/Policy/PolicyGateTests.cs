using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Policy;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Policy;

/// <summary>The cycle's side of the policy: refusing a malformed policy, deciding merges and self-modification, publishing every denial.</summary>
[TestClass]
public sealed class PolicyGateTests
{
    private string _folder = null!;
    private string _target = null!;
    private readonly RecordingSink _sink = new();

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolders()
    {
        _folder = TempFolder.Create("policy-gate");
        _target = Directory.CreateDirectory(Path.Combine(_folder, "target")).FullName;
    }

    [TestCleanup]
    public void DeleteFolders() => TempFolder.Delete(_folder);

    private PolicyGate Gate()
    {
        var parser = new PolicyFileParser();
        var provider = new PolicyProvider(new BuiltInPolicy(parser), parser, Options.Create(new PolicyOptions { Path = Path.Combine(_folder, "agent.policy.yaml") }));
        return new PolicyGate(provider, [_sink], TimeProvider.System);
    }

    private TaskWorktree Worktree() => new()
    {
        TaskId = "task-1", TargetRepository = _target, Path = Path.Combine(_folder, "wt"), Branch = "agent/fix-1", TargetBranch = "main", BaseCommit = "abc",
    };

    [TestMethod]
    public async Task A_malformed_policy_is_reported_with_its_line_and_a_valid_one_is_not()
    {
        Assert.IsNull(await Gate().WhyUnusableAsync(_target, TestContext.CancellationToken));
        var file = Path.Combine(_target, "agent.policy.yaml");
        await File.WriteAllTextAsync(file, "default: alow\n", TestContext.CancellationToken);

        var why = await Gate().WhyUnusableAsync(_target, TestContext.CancellationToken);

        Assert.AreEqual($"the policy cannot be used, so no cycle starts: {file}:1: unknown effect 'alow'; use allow, deny, require-approval or require-consensus.", why);
    }

    [TestMethod]
    public async Task A_denial_is_published_with_the_rule_and_the_action_and_an_allow_is_not()
    {
        var context = new PolicyContext(default, Path.Combine(_folder, "wt"), _target);

        var allowed = await Gate().DecideAsync(new PolicyAction(PolicyActionClasses.Command, "Bash", Command: "npm test"), context, _target, "claude", null, TestContext.CancellationToken);
        Assert.AreEqual(PolicyEffect.Allow, allowed.Effect);
        Assert.IsEmpty(_sink.Events);

        var denied = await Gate().DecideAsync(new PolicyAction(PolicyActionClasses.Command, "Bash", Command: "git push -f"), context, _target, "claude",
            new Dictionary<string, string> { ["run"] = "run-7" }, TestContext.CancellationToken);

        Assert.AreEqual(PolicyEffect.Deny, denied.Effect);
        var published = _sink.Events.Single();
        Assert.AreEqual((SafetyEventKinds.PolicyDenied, "claude"), (published.Kind, published.Actor));
        Assert.AreEqual("no-push", published.Data["rule"]);
        Assert.AreEqual("git push -f", published.Data["command"]);
        Assert.AreEqual("run-7", published.Data["run"]);
        Assert.AreEqual(_target, published.Data["target"]);
        StringAssert.Contains(published.Summary, "policy rule 'no-push' denied command git push -f: Pushing is for people");
    }

    [TestMethod]
    public async Task Merges_follow_the_risk_and_the_agent_s_own_repository_needs_approval()
    {
        var validation = new ValidationOptions();
        var check = new MergePolicyCheck(Gate(), Options.Create(validation), TimeProvider.System);

        Assert.AreEqual("merge", (await check.CheckAsync(Worktree(), "fix-failing-test", ["large diff"], "c1", TestContext.CancellationToken)).RuleId, "one reason scores 0.5");
        Assert.AreEqual("risky-merge-needs-approval", (await check.CheckAsync(Worktree(), "fix-failing-test", ["large diff", "deletes 'a'"], "c1", TestContext.CancellationToken)).RuleId, "two score 0.75");

        validation.AgentRepository = _target;
        var self = await check.CheckAsync(Worktree(), "fix-failing-test", [], "c1", TestContext.CancellationToken);
        Assert.AreEqual((PolicyEffect.RequireApproval, "self-modify-needs-approval"), (self.Effect, self.RuleId));
        Assert.IsEmpty(_sink.Events);
    }

    [TestMethod]
    public async Task A_target_that_forbids_merging_is_denied_and_the_denial_published()
    {
        await File.WriteAllTextAsync(Path.Combine(_target, "agent.policy.yaml"), "rules:\n  - id: frozen\n    match: { action: merge }\n    reason: release freeze\n", TestContext.CancellationToken);
        var check = new MergePolicyCheck(Gate(), Options.Create(new ValidationOptions()), TimeProvider.System);

        var decision = await check.CheckAsync(Worktree(), "fix-failing-test", [], "cycle-9", TestContext.CancellationToken);

        Assert.AreEqual((PolicyEffect.Deny, "frozen", "release freeze"), (decision.Effect, decision.RuleId, decision.Reason));
        var published = _sink.Events.Single();
        Assert.AreEqual(("cycle-9", "task-1", "merge"), (published.Data["cycle"], published.Data["task"], published.Data["action"]));
    }

    private sealed class RecordingSink : ISafetyEventSink
    {
        public List<SafetyEvent> Events { get; } = [];

        public Task PublishAsync(SafetyEvent safetyEvent, CancellationToken cancellationToken)
        {
            Events.Add(safetyEvent);
            return Task.CompletedTask;
        }
    }
}
