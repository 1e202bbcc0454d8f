
namespace Agent.Server.Tests.Cli;

/// <summary>
/// <c>agent cycle</c>, the main job, in-process: a fresh sample target, the scripted rehearsal, the real Claude CLI,
/// real git and the sample's real test runner; the summary shows the change merged as one commit.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class CycleVerbTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Cycle_once_on_the_node_sample_fixes_its_failing_test_and_prints_the_summary_and_KPIs()
    {
        using var cli = new CliHarness();
        var settings = cli.Settings.WithOverride("Agent:WorkflowsDirectory", Path.Combine(AgentRepository.Root, "workflows"))
            .WithOverride("Plan:TemplatesDirectory", Path.Combine(AgentRepository.Root, "prompts"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Server.Cli.AgentCommandLine.RunAsync(
            ["cycle", "--once", "--sample", "node-strings", "--urls", "http://127.0.0.1:0"], Server.Cli.CliConsole.Create(output, error), settings,
            cancellationToken: TestContext.CancellationToken);

        var text = output.ToString();
        Assert.AreEqual(0, code, $"{text}\n{error}");
        StringAssert.Contains(text, "merged");
        StringAssert.Contains(text, "Autonomy rate");
        var target = Path.Combine(cli.Folder, ".data", "targets", "node-strings");
        var log = TestGit.Run(target, "log", "--format=%s%n%b");
        StringAssert.Contains(log, "Agent-Task:", "the change is one agent commit on top of the sample's");
        Assert.AreEqual("2", TestGit.Run(target, "rev-list", "--count", "HEAD").Trim());
        Assert.AreEqual("", TestGit.Run(target, "status", "--porcelain").Trim(), "main is clean after the merge");
    }

    [TestMethod]
    public async Task Offline_on_your_own_repository_the_cycle_only_assesses_it_says_so_first_and_changes_nothing()
    {
        using var cli = new CliHarness();
        var target = SampleRepository.CopyAsRepository("node-strings", Path.Combine(cli.Folder, "mine"), "mine");
        var head = TestGit.Head(target);
        var settings = cli.Settings.WithOverride("Agent:WorkflowsDirectory", Path.Combine(AgentRepository.Root, "workflows"))
            .WithOverride("Plan:TemplatesDirectory", Path.Combine(AgentRepository.Root, "prompts")).WithOverride("Assessment:CheckDependencies", "false");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Server.Cli.AgentCommandLine.RunAsync(
            ["cycle", "--once", "--target", target, "--urls", "http://127.0.0.1:0"], Server.Cli.CliConsole.Create(output, error), settings,
            cancellationToken: TestContext.CancellationToken);

        var text = output.ToString();
        Assert.AreEqual(0, code, $"{text}\n{error}");
        var notice = text.IndexOf("Offline on your own repository", StringComparison.Ordinal);
        Assert.IsTrue(notice >= 0 && notice < text.IndexOf("== Cycle:", StringComparison.Ordinal), "it says so before the cycle starts:\n" + text);
        StringAssert.Contains(text, "assessed");
        StringAssert.Contains(text, "Ranked gaps");
        StringAssert.Contains(text, "1. [", "the ranked gaps are listed");
        StringAssert.Contains(text, "wordCount");
        StringAssert.Contains(text, "Prompt", "the plan's prompt is shown");
        Assert.DoesNotContain("claude:", text, "no model was run");
        Assert.AreEqual(head, TestGit.Run(target, "rev-parse", "HEAD").Trim(), "nothing was changed");
        Assert.AreEqual("", TestGit.Run(target, "status", "--porcelain").Trim());
        Assert.AreEqual("", TestGit.Run(target, "branch", "--list", "agent/*").Trim(), "no worktree was made");
    }

    [TestMethod]
    public async Task Bad_input_is_refused_with_a_clear_message_before_anything_starts()
    {
        using var cli = new CliHarness();

        var unknown = await cli.RunAsync("cycle", "--once", "--sample", "no-such-sample");
        var both = await cli.RunAsync("cycle", "--once", "--live", "--script", "x.json");

        Assert.AreEqual(2, unknown.ExitCode, unknown.ToString());
        StringAssert.Contains(unknown.Error, "dotnet-calculator");
        Assert.AreEqual(2, both.ExitCode, both.ToString());
        StringAssert.Contains(both.Error, "--live and --script");
    }

}
