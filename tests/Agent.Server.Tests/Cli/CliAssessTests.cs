namespace Agent.Server.Tests.Cli;

/// <summary><c>agent assess</c>: what the agent measures on a repository, without a cycle.</summary>
[TestClass]
public sealed class CliAssessTests
{
    private static string NodeTarget(CliHarness cli) => SampleRepository.CopyAsRepository("node-strings", Path.Combine(cli.Folder, "target"));

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Assess_prints_the_runner_how_it_ran_the_tests_with_their_names_and_every_unknown_metric_with_its_reason()
    {
        using var cli = new CliHarness();
        var target = NodeTarget(cli);

        var text = await cli.RunAsync("assess", "--target", target);

        Assert.AreEqual(0, text.ExitCode, text.ToString());
        Assert.Contains($"Target:       {target} (commit ", text.Output);
        Assert.Contains("Test runners: node", text.Output);
        Assert.Contains("  node: npm test -- --test-reporter=junit --test-reporter-destination=", text.Output);
        Assert.Contains("Tests:        3 run, 2 passed, 1 failed", text.Output);
        Assert.Contains("Suite passed: no", text.Output);
        Assert.Contains("  failing: wordCount ignores repeated spaces: ", text.Output);
        Assert.Contains("TODO/FIXME:   0", text.Output);
        Assert.Contains("  build.succeeded: the repository has no .NET solution or project to build", text.Output);
        Assert.Contains("measuring: running tests (node)", text.Error);

        var json = await cli.RunAsync("assess", "--target", target, "--json");

        Assert.AreEqual(0, json.ExitCode, json.ToString());
        var document = json.Json();
        Assert.AreEqual(3, document.GetProperty("metrics").GetProperty("tests.total").GetDouble());
        Assert.AreEqual(0, document.GetProperty("metrics").GetProperty("tests.suite-passed").GetDouble());
        Assert.AreEqual("wordCount ignores repeated spaces", document.GetProperty("failingTests")[0].GetProperty("qualifiedName").GetString());
        Assert.AreEqual(2, document.GetProperty("passingTests").GetArrayLength());
        Assert.StartsWith("node: npm test", document.GetProperty("testCommands")[0].GetString());
        Assert.Contains("no .NET solution", document.GetProperty("unknown").GetProperty("build.succeeded").GetString()!);
    }

    [TestMethod]
    public async Task A_missing_path_is_bad_input()
    {
        using var cli = new CliHarness();
        var missing = Path.Combine(cli.Folder, "nope");

        var result = await cli.RunAsync("assess", "--target", missing);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("does not exist", result.Error);
        Assert.AreEqual("", result.Output);
    }

    [TestMethod]
    public async Task A_folder_that_is_not_a_git_repository_is_bad_input_saying_what_to_do()
    {
        using var cli = new CliHarness();
        var folder = Directory.CreateDirectory(Path.Combine(cli.Folder, "plain")).FullName;

        var result = await cli.RunAsync("assess", "--target", folder);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("is not a git repository", result.Error);
        Assert.Contains("git init", result.Error);
    }
}
