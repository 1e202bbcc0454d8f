using System.Text.Json;

namespace Agent.Cycle.Tests;

/// <summary>
/// A change is measured exactly as the target's own checkout measures: real targets of the common kinds, none with a
/// global.json or central package file of its own, outside an agent folder that carries build configuration of its own
/// (a global.json selecting Microsoft.Testing.Platform, as the agent's repository has, and a Directory.Build.props). The
/// base and the change are measured in checkouts beside the target, so each correct fix is merged. A worktree root
/// that would inherit the agent's configuration is refused up front, and a test run that breaks for reasons the change
/// did not cause is "could not measure", not a rejection.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class MeasuredLikeTheTargetCycleTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    // What the agent's own checkout holds and a target's worktree must never inherit.
    private static void PutForeignBuildConfigurationInto(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "global.json"), """{ "sdk": { "version": "10.0.100", "rollForward": "latestFeature" }, "test": { "runner": "Microsoft.Testing.Platform" } }""");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project><PropertyGroup><TreatWarningsAsErrors>true</TreatWarningsAsErrors><NoWarn>NU1603</NoWarn></PropertyGroup></Project>");
    }

    [TestMethod]
    [DataRow(DotnetTargets.Framework.XUnit)]
    [DataRow(DotnetTargets.Framework.NUnit)]
    [DataRow(DotnetTargets.Framework.MSTest)]
    public async Task A_dotnet_target_on_VSTest_gets_its_failing_test_fixed_and_merged(DotnetTargets.Framework framework)
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-dotnet.json", Token);
        PutForeignBuildConfigurationInto(f.Cli.Folder);
        var target = DotnetTargets.Create(Path.Combine(f.OutsideFolder, framework.ToString().ToLowerInvariant()), framework);

        await MergedAsync(f, target, failingBefore: 1);
    }

    [TestMethod]
    public async Task A_node_target_gets_its_failing_test_fixed_and_merged()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        PutForeignBuildConfigurationInto(f.Cli.Folder);

        await MergedAsync(f, f.CreateTargetOutside("node-strings", "strings"), failingBefore: 1);
    }

    [TestMethod]
    public async Task A_worktree_root_that_would_inherit_the_agent_s_configuration_stops_the_cycle_naming_the_file_before_anything_is_measured()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        PutForeignBuildConfigurationInto(f.Cli.Folder);
        var target = f.CreateTargetOutside("node-strings", "strings");
        ((Dictionary<string, string?>)f.Cli.Settings.Overrides)["SelfModification:WorktreeRoot"] = Path.Combine(f.Cli.Folder, ".data", "worktrees");
        var head = TestGit.Run(target, "rev-parse", "HEAD").Trim();

        var (result, summary) = await f.RunCycleOnAsync(target);

        Assert.AreEqual("failed", summary.GetProperty("outcome").GetString(), result.ToString());
        StringAssert.Contains(summary.GetProperty("reason").GetString(), $"'{Path.Combine(f.Cli.Folder, "Directory.Build.props")}' applies to a checkout at");
        Assert.AreEqual(JsonValueKind.Null, summary.GetProperty("testsBefore").ValueKind, "nothing was measured");
        Assert.AreEqual(0, f.Model.Log.MessagesRequests.Count, "Claude was never asked");
        Assert.AreEqual(head, TestGit.Run(target, "rev-parse", "HEAD").Trim());
        Assert.IsFalse(Directory.Exists(Path.Combine(f.Cli.Folder, ".data", "worktrees")), "no worktree was made");
    }

    [TestMethod]
    public async Task A_test_run_that_breaks_for_reasons_the_change_did_not_cause_is_not_a_verdict_on_the_change()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-after-a-pause-node.json", Token);
        var target = Path.Combine(f.OutsideFolder, "strings");
        CopySample(target);
        // The project's test command depends on the machine: once the flag exists, its runner cannot start.
        var flag = Path.Combine(f.OutsideFolder, "runner-broken");
        File.WriteAllText(Path.Combine(target, "check-env.js"),
            $"if (require('fs').existsSync({JsonSerializer.Serialize(flag)})) {{ console.error('error: the test runner cannot start: its licence server is unreachable'); process.exit(1); }}\n");
        var package = Path.Combine(target, "package.json");
        // npm runs "pretest" before "test": when it fails, the test runner never starts and writes no report.
        File.WriteAllText(package, File.ReadAllText(package).Replace("\"test\": \"node --test\"", "\"pretest\": \"node check-env.js\", \"test\": \"node --test\"", StringComparison.Ordinal));
        TestGit.InitWithCommit(target, "strings with an environment check");
        var head = TestGit.Run(target, "rev-parse", "HEAD").Trim();

        var cycle = f.RunCycleOnAsync(target);
        // While Claude works on the change, the machine changes under the cycle.
        await WaitUntilAsync(() => f.Model.Log.MessagesRequests.Count > 0 || cycle.IsCompleted);
        File.WriteAllText(flag, "");
        var (result, summary) = await cycle;

        Assert.AreEqual("unmeasured", summary.GetProperty("outcome").GetString(), result.ToString());
        StringAssert.StartsWith(summary.GetProperty("reason").GetString(), "could not measure the change: the tests could not be read after the change");
        Assert.AreEqual(head, TestGit.Run(target, "rev-parse", "HEAD").Trim(), "main is untouched");
        Assert.AreEqual("", TestGit.Run(target, "branch", "--list", "agent/*").Trim(), "the worktree is discarded");
        var incidents = await f.Cli.RunAsync("knowledge", "incidents", "--json");
        var incident = incidents.Json().EnumerateArray().Single();
        Assert.AreEqual("unmeasured", incident.GetProperty("kind").GetString());
        StringAssert.Contains(incident.GetProperty("message").GetString(), "without writing its report");
        var patterns = await f.Cli.RunAsync("knowledge", "patterns", "--json");
        Assert.AreEqual(0, patterns.Json().GetArrayLength(), "nothing was learned as an approach that failed: " + patterns.Output);
        var kpi = (await f.Cli.RunAsync("kpi", "--json")).Json();
        Assert.AreEqual(0, kpi.GetProperty("resourceEfficiency").GetProperty("tokens").GetInt64(), "no attempt was recorded");
    }

    private async Task MergedAsync(CycleFixture f, string target, int failingBefore)
    {
        var head = TestGit.Run(target, "rev-parse", "HEAD").Trim();

        var (result, summary) = await f.RunCycleOnAsync(target);
        TestContext.WriteLine(result.ToString());

        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.AreEqual(failingBefore, summary.GetProperty("testsBefore").GetProperty("failed").GetInt32(), result.ToString());
        Assert.AreEqual(0, summary.GetProperty("testsAfter").GetProperty("failed").GetInt32());
        Assert.AreEqual(summary.GetProperty("testsBefore").GetProperty("total").GetInt32(), summary.GetProperty("testsAfter").GetProperty("total").GetInt32());
        Assert.AreEqual(head, TestGit.Run(target, "rev-parse", "HEAD~1").Trim(), "exactly one commit");
        Assert.AreEqual("", TestGit.Run(target, "status", "--porcelain").Trim(), "measuring wrote nothing into the target's own checkout");
        Assert.IsFalse(Directory.Exists(Path.Combine(f.Cli.Folder, ".data", "worktrees")), "no worktree inside the agent's folder");
        var worktrees = TestGit.Run(target, "worktree", "list").Trim().Split('\n');
        Assert.HasCount(1, worktrees, "every checkout beside the target is removed: " + string.Join("\n", worktrees));
    }

    private static void CopySample(string to)
    {
        static void Copy(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            foreach (var dir in Directory.GetDirectories(from)) Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
        Copy(Path.Combine(AgentRepository.Root, "samples", "node-strings"), to);
    }

    private async Task WaitUntilAsync(Func<bool> done)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (!done()) await Task.Delay(50, timeout.Token);
    }
}
