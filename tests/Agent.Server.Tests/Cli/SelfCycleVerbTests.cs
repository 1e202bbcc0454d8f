using Agent.Server.Cli;
using Agent.Server.MainJob;

namespace Agent.Server.Tests.Cli;

/// <summary><c>agent cycle --self</c>: finding the agent's checkout, and the usage errors refused before anything starts.</summary>
[TestClass]
public sealed class SelfCycleVerbTests
{
    private string _folder = null!;

    [TestInitialize]
    public void Create() => _folder = TempFolder.Create("agent-self-tests");

    [TestCleanup]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void The_checkout_is_the_nearest_git_folder_with_Agent_sln_above_the_content_root()
    {
        var checkout = Directory.CreateDirectory(Path.Combine(_folder, "agent")).FullName;
        File.WriteAllText(Path.Combine(checkout, AgentCheckout.SolutionFile), "");
        TestGit.Run(checkout, "init", "-q");
        var deep = Directory.CreateDirectory(Path.Combine(checkout, "src", "Agent.Server", "bin")).FullName;

        Assert.AreEqual(checkout, AgentCheckout.FindRoot(deep, "", ""));
        Assert.AreEqual(checkout, AgentCheckout.FindRoot(_folder, deep, ""), "then above the app when the content root is elsewhere");
    }

    [TestMethod]
    public void A_checkout_that_is_not_a_git_repository_or_no_checkout_at_all_is_a_clear_usage_error()
    {
        var copy = Directory.CreateDirectory(Path.Combine(_folder, "export")).FullName;
        File.WriteAllText(Path.Combine(copy, AgentCheckout.SolutionFile), "");

        var notGit = Assert.ThrowsExactly<CliUsageException>(() => AgentCheckout.FindRoot(copy, "", ""));
        StringAssert.Contains(notGit.Message, "is not a git repository");
        var none = Assert.ThrowsExactly<CliUsageException>(() => AgentCheckout.FindRoot(Path.GetPathRoot(_folder)!, "", ""));
        StringAssert.Contains(none.Message, "No agent checkout (Agent.sln)");
    }

    [TestMethod]
    public async Task Self_with_a_target_or_sample_or_without_a_model_is_refused_before_anything_starts()
    {
        using var cli = new CliHarness();

        var withTarget = await cli.RunAsync("cycle", "--once", "--self", "--target", _folder);
        var withSample = await cli.RunAsync("cycle", "--once", "--self", "--sample", "node-strings");

        Assert.AreEqual(2, withTarget.ExitCode, withTarget.ToString());
        StringAssert.Contains(withTarget.Error, "--self excludes --target and --sample");
        Assert.AreEqual(2, withSample.ExitCode, withSample.ToString());
        if (Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") is { Length: > 0 })
            Assert.Inconclusive("ANTHROPIC_API_KEY is set, so a bare --self would go live; the offline refusal is not checked.");
        var offline = await cli.RunAsync("cycle", "--once", "--self");
        Assert.AreEqual(2, offline.ExitCode, offline.ToString());
        StringAssert.Contains(offline.Error, "--self has no offline rehearsal");
        Assert.IsEmpty(Directory.GetFileSystemEntries(_folder), "nothing was created");
    }

}
