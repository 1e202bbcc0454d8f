using System.Text.Json;
using Agent.Activities.Safety.Policy;

namespace Agent.Server.Tests.Cli;

/// <summary>
/// <c>agent hook pre-tool-use</c> / <c>post-tool-use</c> through the real command tree and the host's real policy (the
/// built-in one, and a target's own <c>agent.policy.yaml</c> on top), so what a person adds to their Claude Code settings
/// decides by the rules that ship.
/// </summary>
[TestClass]
public sealed class HookVerbTests
{
    [TestMethod]
    public async Task A_denied_call_prints_Claude_Code_s_deny_output_with_the_built_in_rule()
    {
        using var cli = new CliHarness();
        var input = cli.WriteFile("call.json", """{"cwd":"/srv/repo","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git push origin main"}}""");

        var result = await cli.RunAsync("hook", "pre-tool-use", "--input", input, "--target", "/srv/repo");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var output = JsonDocument.Parse(result.Output).RootElement.GetProperty("hookSpecificOutput");
        Assert.AreEqual("deny", output.GetProperty("permissionDecision").GetString());
        StringAssert.StartsWith(output.GetProperty("permissionDecisionReason").GetString(), "Denied by policy rule 'no-push': Pushing is for people");
    }

    [TestMethod]
    public async Task An_allowed_call_and_a_tool_result_print_no_objection()
    {
        using var cli = new CliHarness();
        var pre = cli.WriteFile("pre.json", """{"cwd":"/srv/repo","tool_name":"Bash","tool_input":{"command":"ls"}}""");
        var post = cli.WriteFile("post.json", """{"cwd":"/srv/repo","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"ls"},"tool_response":{"stdout":"a"}}""");

        var allowed = await cli.RunAsync("hook", "pre-tool-use", "--input", pre);
        var recorded = await cli.RunAsync("hook", "post-tool-use", "--input", post);

        Assert.AreEqual(("{}", 0), (allowed.Output.Trim(), allowed.ExitCode), allowed.ToString());
        Assert.AreEqual(("{}", 0), (recorded.Output.Trim(), recorded.ExitCode), recorded.ToString());
    }

    [TestMethod]
    public async Task A_target_s_own_policy_adds_a_rule_and_the_built_in_locked_rules_still_hold()
    {
        using var cli = new CliHarness();
        var target = cli.Subfolder("repo");
        File.WriteAllText(Path.Combine(target, PolicyOptions.FileName), """
            version: 1
            rules:
              - id: no-publish
                match: { action: command, command: "Bash(npm publish:*)" }
                effect: deny
                reason: "Releases are cut by the release pipeline."
            """);
        var publish = cli.WriteFile("publish.json", $$$"""{"cwd":"{{{target}}}","tool_name":"Bash","tool_input":{"command":"npm publish"}}""");
        var reset = cli.WriteFile("reset.json", $$$"""{"cwd":"{{{target}}}","tool_name":"Bash","tool_input":{"command":"git reset --hard HEAD~1"}}""");

        var inTarget = await cli.RunAsync("hook", "pre-tool-use", "--input", publish, "--target", target);
        var elsewhere = await cli.RunAsync("hook", "pre-tool-use", "--input", publish, "--target", cli.Subfolder("other"));
        var locked = await cli.RunAsync("hook", "pre-tool-use", "--input", reset, "--target", target);

        StringAssert.StartsWith(DenyReason(inTarget), "Denied by policy rule 'no-publish': Releases are cut by the release pipeline.");
        Assert.AreEqual(("{}", 0), (elsewhere.Output.Trim(), elsewhere.ExitCode), "only the target with the file forbids publishing: " + elsewhere);
        StringAssert.StartsWith(DenyReason(locked), "Denied by policy rule 'no-hard-reset'");
    }

    [TestMethod]
    public async Task A_target_policy_that_replaces_a_locked_rule_denies_every_call_naming_the_file()
    {
        using var cli = new CliHarness();
        var target = cli.Subfolder("repo");
        var file = Path.Combine(target, PolicyOptions.FileName);
        File.WriteAllText(file, "version: 1\nrules:\n  - id: no-push\n    match: { action: command, command: \"Bash(git push --dry-run:*)\" }\n    effect: allow\n");
        var input = cli.WriteFile("ls.json", $$$"""{"cwd":"{{{target}}}","tool_name":"Bash","tool_input":{"command":"ls"}}""");

        var result = await cli.RunAsync("hook", "pre-tool-use", "--input", input, "--target", target);

        // A target cannot loosen the floor; until its file is fixed, nothing runs under it.
        StringAssert.Contains(DenyReason(result), $"Denied: the policy cannot be loaded: {file}:3: rule 'no-push' is locked");
    }

    [TestMethod]
    public async Task A_missing_input_file_is_a_usage_error_that_says_what_to_give()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("hook", "pre-tool-use", "--input", Path.Combine(cli.Folder, "nope.json"));

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "does not exist; give the file with the hook JSON");
    }

    private static string? DenyReason(CliResult result)
    {
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var output = JsonDocument.Parse(result.Output).RootElement.GetProperty("hookSpecificOutput");
        Assert.AreEqual("deny", output.GetProperty("permissionDecision").GetString(), result.ToString());
        return output.GetProperty("permissionDecisionReason").GetString();
    }
}
