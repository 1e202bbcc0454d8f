using Agent.Activities.Safety.Policy;

namespace Agent.Activities.Tests.Safety.Policy;

/// <summary>Malformed policy files: every error names the file, the line and what to write instead.</summary>
[TestClass]
public sealed class PolicyFileParserTests
{
    private const string File = "/repo/agent.policy.yaml";
    private readonly PolicyFileParser _parser = new();

    private PolicyFileException Fails(string yaml)
    {
        var e = Assert.ThrowsExactly<PolicyFileException>(() => _parser.Parse(yaml, File, PolicyLayer.Agent));
        Assert.AreEqual(File, e.File);
        StringAssert.StartsWith(e.Message, $"{File}:{e.Line}: ");
        return e;
    }

    [TestMethod]
    public void The_shipped_built_in_policy_parses() =>
        Assert.IsGreaterThanOrEqualTo(10, new BuiltInPolicy(_parser).Document.Rules.Count);

    [TestMethod]
    public void A_full_example_parses_with_its_defaults()
    {
        var document = _parser.Parse("""
            version: 1
            default: require-approval
            timeZone: Europe/Berlin
            rules:
              - id: night-only-merges
                match: { action: merge, hours: "06:00-22:00", days: [mon, tue, wed, thu, fri] }
                effect: require-approval
              - id: no-publish
                match: { action: command, command: "Bash(npm publish:*)" }
            """, File, PolicyLayer.Agent);

        Assert.AreEqual(PolicyEffect.RequireApproval, document.Default);
        Assert.AreEqual("Europe/Berlin", document.TimeZone!.Id);
        Assert.HasCount(2, document.Rules);
        var noPublish = document.Rules[1].Rule;
        Assert.AreEqual(PolicyEffect.Deny, noPublish.Effect, "effect defaults to deny");
        Assert.AreEqual($"{File}:8", noPublish.Source);
        StringAssert.Contains(noPublish.Reason, "no-publish");
        Assert.AreEqual(new PolicySpecificity(3, 1), document.Rules[0].Rule.Specificity);
    }

    [TestMethod]
    public void Not_yaml_names_the_line()
    {
        var e = Fails("rules:\n  - id: a\n    match: { action: merge }\n   effect: deny\n");
        Assert.AreEqual(4, e.Line, e.Message);
        StringAssert.Contains(e.Message, "not valid YAML");
    }

    [TestMethod]
    public void An_unknown_top_level_key_names_its_line_and_the_allowed_keys()
    {
        var e = Fails("version: 1\nrulez: []\n");
        Assert.AreEqual(2, e.Line);
        StringAssert.Contains(e.Message, "unknown key 'rulez' at the top of a policy; allowed: version, default, timeZone, rules.");
    }

    [TestMethod]
    public void An_unknown_match_key_names_its_line()
    {
        var e = Fails("rules:\n  - id: a\n    match:\n      action: merge\n      branch: main\n");
        Assert.AreEqual(5, e.Line);
        StringAssert.Contains(e.Message, "unknown key 'branch' in the match of rule 'a'");
    }

    [TestMethod]
    public void An_unknown_action_class_names_its_line_and_the_known_classes()
    {
        var e = Fails("rules:\n  - id: a\n    match:\n      action: [file.edit, file.delete]\n");
        Assert.AreEqual(4, e.Line);
        StringAssert.Contains(e.Message, "unknown action class 'file.delete' in rule 'a'; use one of file.edit, file.read, command");
    }

    [TestMethod]
    public void A_bad_effect_a_bad_default_and_a_bad_version_are_refused()
    {
        StringAssert.Contains(Fails("rules:\n  - id: a\n    match: { action: merge }\n    effect: maybe\n").Message, ":4: unknown effect 'maybe'; use allow, deny, require-approval or require-consensus.");
        StringAssert.Contains(Fails("default: permit\n").Message, ":1: unknown effect 'permit'");
        StringAssert.Contains(Fails("version: 2\n").Message, ":1: unknown version '2'");
    }

    [TestMethod]
    [DataRow("paths: [\"src/[abc\"]", "opens '['")]
    [DataRow("paths: [\"src/{a,b\"]", "opens '{'")]
    [DataRow("paths: [\"src/${worktree}/x\"]", "variable in the middle")]
    [DataRow("command: \"Bash(git push:*\"", "opens 'Bash('")]
    [DataRow("command: \"Write(/etc/**)\"", "rule for another tool")]
    [DataRow("hours: \"25:00-26:00\"", "must be a window like")]
    [DataRow("hours: \"night\"", "must be a window like")]
    [DataRow("days: [mon, funday]", "'funday' in the days of rule 'a' is not a day")]
    [DataRow("risk: { above: 1.5 }", "must be a number from 0 to 1")]
    [DataRow("risk: { over: 0.5 }", "unknown key 'over' in the risk of rule 'a'")]
    [DataRow("budget: 0.8", "must be a mapping like { usedAbove: 0.7 }")]
    [DataRow("outside: home", "names no place; use worktree or target")]
    [DataRow("paths: []", "is an empty list")]
    public void A_bad_condition_is_refused_on_its_line(string condition, string message)
    {
        var e = Fails($"rules:\n  - id: a\n    match:\n      action: command\n      {condition}\n");
        Assert.AreEqual(5, e.Line, e.Message);
        StringAssert.Contains(e.Message, message);
    }

    [TestMethod]
    public void Rules_need_an_id_a_match_and_unique_ids()
    {
        StringAssert.Contains(Fails("rules:\n  - match: { action: merge }\n").Message, ":2: a rule needs an 'id'");
        StringAssert.Contains(Fails("rules:\n  - id: a\n    effect: deny\n").Message, ":2: rule 'a' needs a 'match'");
        StringAssert.Contains(Fails("rules:\n  - id: a\n    match: {}\n").Message, ":3: the 'match' of rule 'a' must be a mapping with at least one condition");
        StringAssert.Contains(Fails("rules:\n  - id: a\n    match: { action: merge }\n  - id: a\n    match: { action: command }\n").Message, ":4: the rule id 'a' is used twice");
        StringAssert.Contains(Fails("rules:\n  - id: no push\n    match: { action: merge }\n").Message, ":2: 'no push' is not a rule id");
    }

    [TestMethod]
    public void Only_restricting_rules_can_be_locked() =>
        StringAssert.Contains(Fails("rules:\n  - id: a\n    match: { action: merge }\n    effect: allow\n    locked: true\n").Message, ":5: rule 'a' is an allow rule; only deny, require-approval and require-consensus rules can be locked.");

    [TestMethod]
    public void An_unknown_time_zone_is_refused() =>
        StringAssert.Contains(Fails("timeZone: Mars/Olympus\n").Message, ":1: unknown time zone 'Mars/Olympus'");
}
