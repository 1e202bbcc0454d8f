
namespace Agent.Server.Tests.Cli;

/// <summary><c>agent goals</c> on a copy of the node sample (a real git repository measured with real node).</summary>
[TestClass]
public sealed class CliGoalsTests
{
    private static string CopyNodeSample(CliHarness cli) => SampleRepository.CopyAsRepository("node-strings", Path.Combine(cli.Folder, "target"));

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Goals_show_progress_computed_from_the_measured_snapshot_and_later_from_the_stored_one()
    {
        using var cli = new CliHarness();
        var target = CopyNodeSample(cli);

        var measured = await cli.RunAsync("goals", "--target", target, "--measure", "--json");

        Assert.AreEqual(0, measured.ExitCode, measured.ToString());
        var json = measured.Json();
        Assert.EndsWith("agent.goals.yaml", json.GetProperty("goalsSource").GetString());
        var testsPass = json.GetProperty("goals")[0];
        Assert.AreEqual("tests-pass", testsPass.GetProperty("id").GetString());
        Assert.AreEqual("unmet", testsPass.GetProperty("status").GetString());
        Assert.AreEqual(0.5, testsPass.GetProperty("progress").GetDouble(), 1e-9);
        var target0 = testsPass.GetProperty("targets")[0];
        Assert.AreEqual(("tests.failed", "max", 1.0), (target0.GetProperty("metric").GetString(), target0.GetProperty("comparison").GetString(), target0.GetProperty("value").GetDouble()));
        Assert.AreEqual("met", json.GetProperty("goals")[1].GetProperty("status").GetString());

        var shown = await cli.RunAsync("goals", "--target", target);

        Assert.AreEqual(0, shown.ExitCode, shown.ToString());
        Assert.Contains($"snapshot {json.GetProperty("snapshot").GetProperty("id").GetInt64()} of commit", shown.Output);
        Assert.Contains("tests.failed ≤ 0: 1 50%", shown.Output);
        Assert.Contains("todo.count ≤ 0: 0 100%", shown.Output);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task A_goal_whose_metric_has_not_moved_in_StaleGoalCycles_measurements_is_flagged_stale()
    {
        using var cli = new CliHarness().With("Safety:Decisions:StaleGoalCycles", "2");
        var target = CopyNodeSample(cli);

        var first = await cli.RunAsync("goals", "--target", target, "--measure", "--json");
        Assert.AreEqual(0, first.Json().GetProperty("staleGoals").GetArrayLength(), "one measurement is not yet a trend");
        await cli.RunAsync("goals", "--target", target, "--measure");
        var shown = await cli.RunAsync("goals", "--target", target);
        var json = (await cli.RunAsync("goals", "--target", target, "--json")).Json();

        Assert.AreEqual(0, shown.ExitCode, shown.ToString());
        Assert.Contains("stale: goal 'tests-pass' has not moved in 2 cycles: tests.failed stuck at 1 (target tests.failed ≤ 0)", shown.Output);
        var stale = json.GetProperty("staleGoals");
        Assert.AreEqual(1, stale.GetArrayLength(), "the met goal (no TODOs) is not stale");
        Assert.AreEqual("tests-pass", stale[0].GetProperty("goalId").GetString());
    }

    [TestMethod]
    public async Task Without_a_snapshot_every_target_is_unknown_and_the_note_says_how_to_measure()
    {
        using var cli = new CliHarness();
        var target = CopyNodeSample(cli);

        var result = await cli.RunAsync("goals", "--target", target);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.Contains("not measured yet", result.Output);
        Assert.Contains("--measure", result.Error);
    }

    [TestMethod]
    public async Task A_goals_file_with_an_unknown_metric_is_bad_input_naming_the_file_and_line()
    {
        using var cli = new CliHarness();
        var target = CopyNodeSample(cli);
        var goalsFile = Path.Combine(target, "agent.goals.yaml");
        await File.WriteAllTextAsync(goalsFile, "goals:\n  - id: speed\n    targets:\n      - metric: build.seconds\n        max: 10\n");

        var result = await cli.RunAsync("goals", "--target", target);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains($"{goalsFile}:4: unknown metric 'build.seconds'. Known metrics: build.succeeded", result.Error);
        Assert.IsFalse(File.Exists(Path.Combine(cli.Folder, ".data", "cycle.db")), "nothing was stored");
    }

    [TestMethod]
    public async Task A_target_that_is_not_a_git_repository_is_bad_input()
    {
        using var cli = new CliHarness();
        var plain = Directory.CreateDirectory(Path.Combine(cli.Folder, "plain")).FullName;

        var result = await cli.RunAsync("goals", "--target", plain);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains($"'{plain}' is not a git repository", result.Error);
    }
}
