namespace Agent.Server.Tests.Cli;

/// <summary><c>agent policy check</c> and <c>agent policy explain</c> against real policy files in a test folder.</summary>
[TestClass]
public sealed class PolicyVerbTests
{
    [TestMethod]
    public async Task Check_lists_the_built_in_rules_and_a_target_s_rules_with_their_sources()
    {
        using var cli = new CliHarness();
        var target = cli.Subfolder("target");
        var targetFile = Path.Combine(target, "agent.policy.yaml");
        await File.WriteAllTextAsync(targetFile, "rules:\n  - id: no-publish\n    match: { action: command, command: \"Bash(npm publish:*)\" }\n");

        var result = await cli.RunAsync("policy", "check", "--target", target, "--json");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var json = result.Json();
        Assert.IsTrue(json.GetProperty("valid").GetBoolean());
        CollectionAssert.AreEqual(new[] { "built-in", targetFile }, json.GetProperty("sources").EnumerateArray().Select(s => s.GetString()).ToArray());
        var rules = json.GetProperty("rules").EnumerateArray().ToList();
        var push = rules.Single(r => r.GetProperty("id").GetString() == "no-push");
        Assert.AreEqual(("deny", true), (push.GetProperty("effect").GetString(), push.GetProperty("locked").GetBoolean()));
        StringAssert.StartsWith(push.GetProperty("source").GetString(), "built-in:");
        Assert.AreEqual($"{targetFile}:2", rules.Single(r => r.GetProperty("id").GetString() == "no-publish").GetProperty("source").GetString());

        var text = await cli.RunAsync("policy", "check");
        Assert.AreEqual(0, text.ExitCode, text.ToString());
        StringAssert.Contains(text.Output, "policy ok:");
        StringAssert.Contains(text.Output, "writes-stay-in-worktree");
    }

    [TestMethod]
    public async Task Check_of_a_malformed_file_exits_2_naming_the_file_and_line()
    {
        using var cli = new CliHarness();
        var agentFile = cli.WriteFile("agent.policy.yaml", "version: 1\ndefault: allow\nrules:\n  - id: a\n    match: { action: merge, hours: \"8-17\" }\n");

        var result = await cli.RunAsync("policy", "check");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, $"{agentFile}:5: 'hours' of rule 'a' must be a window like \"06:00-22:00\"");
    }

    [TestMethod]
    public async Task Explain_names_the_deciding_rule_why_and_every_match()
    {
        using var cli = new CliHarness();
        var target = cli.Subfolder("target");

        var result = await cli.RunAsync("policy", "explain", "{\"class\": \"command\", \"tool\": \"Bash\", \"command\": \"cd / && rm -rf home\"}", "--target", target, "--json");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var json = result.Json();
        Assert.AreEqual(("deny", "no-rm-rf-outside-worktree"), (json.GetProperty("effect").GetString(), json.GetProperty("rule").GetString()));
        StringAssert.Contains(json.GetProperty("reason").GetString(), "(rm -rf home)");
        var matched = json.GetProperty("matched").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.IsTrue(matched.Any(m => m.Contains("/home is outside the worktree")), string.Join("\n", matched));

        var text = await cli.RunAsync("policy", "explain", "{\"class\": \"merge\", \"risk\": 0.8}");
        Assert.AreEqual(0, text.ExitCode, text.ToString());
        StringAssert.Contains(text.Output, "require-approval: rule risky-merge-needs-approval (built-in:");
        StringAssert.Contains(text.Output, "matched, most specific first:");
        StringAssert.Contains(text.Output, "merge (allow");
    }

    [TestMethod]
    public async Task Explain_uses_the_context_given_with_the_action()
    {
        using var cli = new CliHarness();
        var target = cli.Subfolder("target");

        var result = await cli.RunAsync("policy", "explain",
            "{\"class\": \"file.edit\", \"path\": \"test/strings.test.js\", \"context\": {\"taskType\": \"fix-failing-test\"}}", "--target", target, "--json");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("no-weakening-tests", result.Json().GetProperty("rule").GetString());
    }

    [TestMethod]
    [DataRow("{\"class\": \"file.delete\", \"path\": \"a\"}", "unknown action class 'file.delete'; use one of file.edit")]
    [DataRow("{\"command\": \"ls\"}", "the action has no \"class\"")]
    [DataRow("{\"class\": \"command\", \"cmd\": \"ls\"}", "unknown key \"cmd\" in an action")]
    [DataRow("git push", "the action is not JSON")]
    public async Task Explain_of_a_bad_action_exits_2_saying_what_to_write(string action, string message)
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("policy", "explain", action);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, message);
    }
}
