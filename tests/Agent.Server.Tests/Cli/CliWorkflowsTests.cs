using System.Text.Json;

namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class CliWorkflowsTests
{
    [TestMethod]
    public async Task Importing_a_folder_with_two_versions_lists_both_and_diffs_them()
    {
        using var cli = new CliHarness();
        cli.WriteFile("defs/hello-v1.json", File.ReadAllText(AgentRepository.Workflow("hello.json")));
        cli.WriteFile("defs/hello-v2.json", CliDefinitions.HelloVersion2());

        var import = await cli.RunAsync("workflows", "import", Path.Combine(cli.Folder, "defs"));
        var versions = await cli.RunAsync("workflows", "versions", "hello", "--json");
        var diff = await cli.RunAsync("workflows", "diff", "hello", "1", "2");
        var diffJson = await cli.RunAsync("workflows", "diff", "hello", "1", "2", "--json");

        Assert.AreEqual(0, import.ExitCode, import.ToString());
        Assert.Contains("2 imported, 0 skipped, 0 failed", import.Output);
        Assert.AreEqual(0, versions.ExitCode, versions.ToString());
        CollectionAssert.AreEqual(new[] { 1, 2 }, versions.Json().EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToArray());
        Assert.AreEqual(0, diff.ExitCode, diff.ToString());
        Assert.Contains("v1 → v2", diff.Output);
        Assert.Contains("small", diff.Output);
        Assert.Contains("The answer is small, for now.", diff.Output);
        Assert.AreEqual(0, diffJson.ExitCode, diffJson.ToString());
        var json = diffJson.Json();
        Assert.AreEqual(1, json.GetProperty("fromVersion").GetInt32());
        Assert.AreEqual(2, json.GetProperty("toVersion").GetInt32());
        Assert.AreEqual("small", json.GetProperty("activities").GetProperty("changed")[0].GetProperty("id").GetString());
    }

    [TestMethod]
    public async Task Importing_the_same_folder_again_skips_every_file()
    {
        using var cli = new CliHarness();
        var samples = Path.Combine(AgentRepository.Root, "workflows");
        Assert.AreEqual(0, (await cli.RunAsync("workflows", "import", samples)).ExitCode);

        var again = await cli.RunAsync("workflows", "import", samples, "--json");

        Assert.AreEqual(0, again.ExitCode, again.ToString());
        Assert.IsTrue(again.Json().EnumerateArray().All(r => r.GetProperty("outcome").GetString() == "Skipped"), again.ToString());
    }

    [TestMethod]
    public async Task Diff_with_a_version_that_does_not_exist_exits_2()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("workflows", "import", AgentRepository.Workflow("hello.json"));

        var result = await cli.RunAsync("workflows", "diff", "hello", "1", "5");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("has no version 5", result.Error);
    }

    [TestMethod]
    public async Task Show_and_export_write_the_definition_that_was_imported()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("workflows", "import", AgentRepository.Workflow("hello.json"));
        var exported = Path.Combine(cli.Folder, "out", "hello.json");

        var show = await cli.RunAsync("workflows", "show", "hello");
        var showJson = await cli.RunAsync("workflows", "show", "hello", "--version", "1", "--json");
        var export = await cli.RunAsync("workflows", "export", "hello", "--out", exported);

        Assert.AreEqual(0, show.ExitCode, show.ToString());
        Assert.Contains("Elsa.FlowDecision", show.Output);
        Assert.AreEqual("hello", showJson.Json().GetProperty("definitionId").GetString());
        Assert.AreEqual(0, export.ExitCode, export.ToString());
        using var file = JsonDocument.Parse(File.ReadAllText(exported));
        Assert.AreEqual(7, file.RootElement.GetProperty("root").GetProperty("activities").GetArrayLength());
    }

    [TestMethod]
    public async Task Show_of_an_unknown_id_or_version_exits_2()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("workflows", "import", AgentRepository.Workflow("hello.json"));

        var unknownId = await cli.RunAsync("workflows", "show", "nope");
        var unknownVersion = await cli.RunAsync("workflows", "show", "hello", "--version", "9");

        Assert.AreEqual(2, unknownId.ExitCode, unknownId.ToString());
        Assert.AreEqual(2, unknownVersion.ExitCode, unknownVersion.ToString());
        Assert.Contains("Existing versions: 1", unknownVersion.Error);
    }

    [TestMethod]
    public async Task Publish_makes_a_draft_the_version_that_run_by_id_uses()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("workflows", "import", AgentRepository.Workflow("hello.json"));
        var draft = cli.WriteFile("hello.json", CliDefinitions.HelloVersion2().Replace("\"isPublished\":true", "\"isPublished\":false", StringComparison.Ordinal));
        await cli.RunAsync("workflows", "import", draft);

        var beforePublish = await cli.RunAsync("run", "hello", "--input", "factor=1");
        var publish = await cli.RunAsync("workflows", "publish", "hello");
        var afterPublish = await cli.RunAsync("run", "hello", "--input", "factor=1");

        Assert.Contains("The answer is small.", beforePublish.Output, "v1 is still the published version");
        Assert.AreEqual(0, publish.ExitCode, publish.ToString());
        Assert.Contains("version 2", publish.Output);
        Assert.Contains("The answer is small, for now.", afterPublish.Output);
    }

    [TestMethod]
    public async Task List_shows_latest_and_published_versions()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("workflows", "import", Path.Combine(AgentRepository.Root, "workflows"));

        var list = await cli.RunAsync("workflows", "list", "--json");

        Assert.AreEqual(0, list.ExitCode, list.ToString());
        var items = list.Json().GetProperty("items").EnumerateArray().ToList();
        CollectionAssert.IsSubsetOf(new[] { "approval-demo", "hello" }, items.Select(i => i.GetProperty("definitionId").GetString()).ToList());
        Assert.IsTrue(items.All(i => i.GetProperty("publishedVersion").GetInt32() == i.GetProperty("latestVersion").GetInt32()), "each imported file's version is published: " + list.Output);
        Assert.AreEqual(1, items.Single(i => i.GetProperty("definitionId").GetString() == "hello").GetProperty("publishedVersion").GetInt32());
    }
}
