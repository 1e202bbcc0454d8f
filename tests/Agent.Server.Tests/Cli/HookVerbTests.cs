using System.Text.Json;
using Agent.Activities.Safety.Oversight;
using Agent.Activities.Safety.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Server.Tests.Cli;

/// <summary><c>agent hook pre-tool-use</c> / <c>post-tool-use</c> through the real command tree.</summary>
[TestClass]
public sealed class HookVerbTests
{
    private static CliHarness Harness(IPolicyEvaluator policy) => new CliHarness().WithServices((services, configuration) =>
    {
        // The policy engine is another part of issue 18; a fixed policy stands in for it.
        services.AddSingleton<IPolicyProvider>(new FixedProvider(policy));
        services.AddToolCallOversight(configuration);
    });

    [TestMethod]
    public async Task A_denied_call_prints_Claude_Code_s_deny_output_with_the_rule()
    {
        using var cli = Harness(new NoPushPolicy());
        var input = cli.WriteFile("call.json", """{"cwd":"/srv/repo","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git push origin main"}}""");

        var result = await cli.RunAsync("hook", "pre-tool-use", "--input", input, "--target", "/srv/repo");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var output = JsonDocument.Parse(result.Output).RootElement.GetProperty("hookSpecificOutput");
        Assert.AreEqual("deny", output.GetProperty("permissionDecision").GetString());
        Assert.AreEqual("Denied by policy rule 'no-git-push': pushing is for a person", output.GetProperty("permissionDecisionReason").GetString());
    }

    [TestMethod]
    public async Task An_allowed_call_and_a_tool_result_print_no_objection()
    {
        using var cli = Harness(new NoPushPolicy());
        var pre = cli.WriteFile("pre.json", """{"cwd":"/srv/repo","tool_name":"Bash","tool_input":{"command":"ls"}}""");
        var post = cli.WriteFile("post.json", """{"cwd":"/srv/repo","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"ls"},"tool_response":{"stdout":"a"}}""");

        var allowed = await cli.RunAsync("hook", "pre-tool-use", "--input", pre);
        var recorded = await cli.RunAsync("hook", "post-tool-use", "--input", post);

        Assert.AreEqual(("{}", 0), (allowed.Output.Trim(), allowed.ExitCode), allowed.ToString());
        Assert.AreEqual(("{}", 0), (recorded.Output.Trim(), recorded.ExitCode), recorded.ToString());
    }

    [TestMethod]
    public async Task A_missing_input_file_is_a_usage_error_that_says_what_to_give()
    {
        using var cli = Harness(new NoPushPolicy());

        var result = await cli.RunAsync("hook", "pre-tool-use", "--input", Path.Combine(cli.Folder, "nope.json"));

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "does not exist; give the file with the hook JSON");
    }

    private sealed class NoPushPolicy : IPolicyEvaluator
    {
        public PolicyDecision Evaluate(PolicyAction action, PolicyContext context) =>
            action.Command?.Contains("git push", StringComparison.Ordinal) == true
                ? new PolicyDecision(PolicyEffect.Deny, "no-git-push", "pushing is for a person", "test", [])
                : new PolicyDecision(PolicyEffect.Allow, "default", "allowed", "test", []);
    }

    private sealed class FixedProvider(IPolicyEvaluator evaluator) : IPolicyProvider
    {
        public Task<IPolicyEvaluator> LoadAsync(string? targetRoot, CancellationToken cancellationToken) => Task.FromResult(evaluator);
    }
}
