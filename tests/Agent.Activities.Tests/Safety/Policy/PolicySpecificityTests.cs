using Agent.Activities.Safety.Policy;
using static Agent.Activities.Tests.Safety.Policy.PolicyFixture;

namespace Agent.Activities.Tests.Safety.Policy;

/// <summary>Which rule decides when several match: more conditions, then literal over glob, then severity; time windows, risk and budget conditions.</summary>
[TestClass]
public sealed class PolicySpecificityTests
{
    [TestMethod]
    public void The_rule_with_more_conditions_wins_and_every_match_is_listed_most_specific_first()
    {
        var policy = Only("""
            rules:
              - id: no-commands
                match: { action: command }
              - id: npm-is-fine
                match: { action: command, command: "Bash(npm:*)" }
                effect: allow
            """);

        var decision = policy.Command("npm test");

        Assert.AreEqual(("npm-is-fine", PolicyEffect.Allow), (decision.RuleId, decision.Effect));
        Assert.HasCount(2, decision.Matched);
        StringAssert.Contains(decision.Matched[0], "npm-is-fine (allow, 2 conditions, 0 literal, /agent/agent.policy.yaml:4): action is command; 'npm test' matches Bash(npm:*)");
        StringAssert.Contains(decision.Matched[1], "no-commands (deny, 1 condition");
        Assert.AreEqual("no-commands", policy.Command("make").RuleId);
    }

    [TestMethod]
    public void A_literal_path_beats_a_glob_with_as_many_conditions()
    {
        var policy = Only("""
            rules:
              - id: src-needs-approval
                match: { action: file.edit, paths: ["src/**"] }
                effect: require-approval
              - id: version-file-is-fine
                match: { action: file.edit, paths: ["src/Version.cs"] }
                effect: allow
            """);

        Assert.AreEqual("version-file-is-fine", policy.Edit("src/Version.cs").RuleId);
        Assert.AreEqual("src-needs-approval", policy.Edit("src/Calc.cs").RuleId);
    }

    [TestMethod]
    public void On_a_tie_the_stricter_effect_wins()
    {
        var policy = Only("""
            rules:
              - id: allow-readme
                match: { action: file.edit, paths: ["README.md"] }
                effect: allow
              - id: consensus-readme
                match: { action: file.edit, paths: ["README.md"] }
                effect: require-consensus
              - id: approve-readme
                match: { action: file.edit, paths: ["README.md"] }
                effect: require-approval
            """);

        var decision = policy.Edit("README.md");

        Assert.AreEqual(("consensus-readme", PolicyEffect.RequireConsensus), (decision.RuleId, decision.Effect));
        CollectionAssert.AreEqual(new[] { "consensus-readme", "approve-readme", "allow-readme" }, decision.Matched.Select(m => m.Split(' ')[0]).ToArray());
    }

    [TestMethod]
    public void With_no_rule_matching_the_default_decides()
    {
        var policy = Only("default: require-approval\nrules: []\n");

        var decision = policy.Edit("src/x.cs");

        Assert.AreEqual((PolicyEffect.RequireApproval, "default", "/agent/agent.policy.yaml:1"), (decision.Effect, decision.RuleId, decision.Source));
        Assert.IsEmpty(decision.Matched);
    }

    [TestMethod]
    public void The_strictest_part_of_a_compound_command_decides()
    {
        var policy = Only("""
            rules:
              - id: tests-need-approval
                match: { action: command, command: "Bash(npm test:*)" }
                effect: require-approval
              - id: no-publish
                match: { action: command, command: "Bash(npm publish:*)" }
            """);

        var decision = policy.Command("npm test && npm publish --tag next | cat");

        Assert.AreEqual(("no-publish", PolicyEffect.Deny), (decision.RuleId, decision.Effect));
        StringAssert.Contains(decision.Reason, "(npm publish --tag next)");
        Assert.AreEqual(PolicyEffect.RequireApproval, policy.Command("npm test; echo done").Effect);
    }

    [TestMethod]
    public void Time_windows_are_read_in_the_policy_s_zone_and_may_wrap_past_midnight()
    {
        var policy = Only("""
            timeZone: Europe/Berlin
            rules:
              - id: office-hours-merges
                match: { action: merge, hours: "06:00-22:00", days: [mon, tue, wed, thu, fri] }
                effect: require-approval
              - id: no-night-pushes
                match: { action: git.push, hours: "22:00-06:00" }
            """);
        PolicyDecision Merge(int day, int hourUtc) => policy.Evaluate(new PolicyAction(PolicyActionClasses.Merge), Context(now: new DateTimeOffset(2026, 12, day, hourUtc, 0, 0, TimeSpan.Zero)));
        PolicyDecision Push(int hourUtc) => policy.Evaluate(new PolicyAction(PolicyActionClasses.GitPush), Context(now: new DateTimeOffset(2026, 12, 7, hourUtc, 30, 0, TimeSpan.Zero)));

        Assert.AreEqual("office-hours-merges", Merge(7, 9).RuleId, "Monday 10:00 in Berlin");
        Assert.AreEqual("office-hours-merges", Merge(7, 5).RuleId, "Monday 06:00 in Berlin: the start is inclusive");
        Assert.AreEqual("default", Merge(7, 21).RuleId, "Monday 22:00 in Berlin: the end is exclusive");
        Assert.AreEqual("default", Merge(6, 9).RuleId, "Sunday");
        Assert.AreEqual("no-night-pushes", Push(1).RuleId, "02:30 in Berlin");
        Assert.AreEqual("no-night-pushes", Push(21).RuleId, "22:30 in Berlin");
        Assert.AreEqual("default", Push(12).RuleId, "13:30 in Berlin");
    }

    [TestMethod]
    public void Risk_and_budget_conditions_compare_with_their_bounds()
    {
        var policy = Only("""
            rules:
              - id: mid-risk
                match: { action: merge, risk: { above: 0.3, below: 0.7 } }
                effect: require-approval
              - id: spent
                match: { action: [command, merge], budget: { usedAbove: 0.8 } }
                reason: the budget is nearly spent
            """);
        PolicyDecision Merge(double? risk, double? budget = null) => policy.Evaluate(new PolicyAction(PolicyActionClasses.Merge, Risk: risk), Context(budget: budget));

        Assert.AreEqual("mid-risk", Merge(0.5).RuleId);
        Assert.AreEqual("default", Merge(0.3).RuleId, "above is exclusive");
        Assert.AreEqual("default", Merge(0.7).RuleId, "below is exclusive");
        Assert.AreEqual("default", Merge(null).RuleId, "an unknown risk meets no bound");
        Assert.AreEqual("spent", Merge(0.1, budget: 0.9).RuleId);
        Assert.AreEqual("spent", policy.Command("make", Context(budget: 0.81)).RuleId);
        Assert.AreEqual("default", policy.Command("make", Context(budget: 0.8)).RuleId);
    }

    [TestMethod]
    public void Tool_package_and_task_type_conditions_match_their_fields()
    {
        var policy = Only("""
            rules:
              - id: no-mcp-writes
                match: { action: mcp.tool, tool: "mcp__*__write*" }
              - id: no-left-pad
                match: { action: dependency.add, package: "npm:left-pad*" }
              - id: docs-only-for-docs
                match: { action: file.edit, taskType: document-api, paths: ["tests/**"] }
            """);

        Assert.AreEqual("no-mcp-writes", policy.Evaluate(new PolicyAction(PolicyActionClasses.McpTool, Tool: "mcp__filesystem__write_file"), Context()).RuleId);
        Assert.AreEqual("default", policy.Evaluate(new PolicyAction(PolicyActionClasses.McpTool, Tool: "mcp__filesystem__read_file"), Context()).RuleId);
        Assert.AreEqual("no-left-pad", policy.Evaluate(new PolicyAction(PolicyActionClasses.DependencyAdd, Package: "npm:left-pad@1.3.0"), Context()).RuleId);
        Assert.AreEqual("docs-only-for-docs", policy.Edit("tests/a.cs", Context("document-api")).RuleId);
        Assert.AreEqual("default", policy.Edit("tests/a.cs", Context("add-tests")).RuleId);
    }
}
