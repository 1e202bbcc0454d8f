namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class CliRunTests
{
    [TestMethod]
    public async Task Run_file_prints_written_lines_then_status_and_exits_0()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("run", AgentRepository.Workflow("hello.json"));

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var hello = result.Output.IndexOf("Hello, world!", StringComparison.Ordinal);
        var answer = result.Output.IndexOf("The answer is 42: big enough.", StringComparison.Ordinal);
        var status = result.Output.IndexOf("Finished", StringComparison.Ordinal);
        Assert.IsTrue(hello >= 0 && answer > hello && status > answer, result.ToString());
        Assert.AreEqual("", result.Error);
    }

    [TestMethod]
    public async Task Run_json_prints_one_object_with_status_output_and_variables()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("run", AgentRepository.Workflow("hello.json"), "--json", "--input", "name=Ada", "--input", "factor=1");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var json = result.Json();
        Assert.AreEqual("Finished", json.GetProperty("status").GetString());
        Assert.AreEqual(32, json.GetProperty("instanceId").GetString()!.Length);
        CollectionAssert.AreEqual(new[] { "Hello, Ada!", "The answer is small." },
            json.GetProperty("output").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.AreEqual(21, json.GetProperty("variables").GetProperty("Answer").GetInt32());
        Assert.AreEqual(0, json.GetProperty("bookmarks").GetArrayLength());
        Assert.AreEqual(0, json.GetProperty("incidents").GetArrayLength());
    }

    [TestMethod]
    public async Task Run_by_id_runs_the_published_version_of_a_stored_file()
    {
        using var cli = new CliHarness();
        Assert.AreEqual(0, (await cli.RunAsync("run", AgentRepository.Workflow("hello.json"))).ExitCode);

        var result = await cli.RunAsync("run", "hello", "--input", "name=Grace");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.Contains("Hello, Grace!", result.Output);
        Assert.AreEqual("", result.Error, "a published version needs no note");
    }

    [TestMethod]
    public async Task Invalid_definition_exits_2_lists_every_json_path_and_stores_nothing()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("workflows", "import", AgentRepository.Workflow("hello.json"));
        var before = (await cli.RunAsync("workflows", "list", "--json")).Output;
        var file = cli.WriteFile("broken.json", CliDefinitions.Invalid);

        var result = await cli.RunAsync("run", file);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("$.root.activities[0].type", result.Error);
        Assert.Contains("$.root.connections[0].target.activity", result.Error);
        Assert.DoesNotContain("   at ", result.Error, "no stack trace");
        Assert.AreEqual("", result.Output);
        Assert.AreEqual(before, (await cli.RunAsync("workflows", "list", "--json")).Output);
        Assert.AreEqual(0, (await cli.RunAsync("instances", "list", "--json")).Json().GetProperty("total").GetInt32());
    }

    [TestMethod]
    public async Task A_file_that_is_not_json_exits_2_with_the_position()
    {
        using var cli = new CliHarness();
        var file = cli.WriteFile("notjson.json", "{ this is not json");

        var result = await cli.RunAsync("run", file);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("line 1", result.Error);
    }

    [TestMethod]
    public async Task Unknown_definition_id_exits_2()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("run", "no-such-definition");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("'no-such-definition' does not exist", result.Error);
    }

    [TestMethod]
    public async Task A_faulting_workflow_exits_1_and_reports_the_incident()
    {
        using var cli = new CliHarness();
        var file = cli.WriteFile("faulting.json", CliDefinitions.Faulting);

        var result = await cli.RunAsync("run", file, "--json");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        var json = result.Json();
        Assert.AreEqual("Faulted", json.GetProperty("status").GetString());
        Assert.Contains("deliberate failure", json.GetProperty("incidents")[0].GetProperty("message").GetString()!);
    }

    [TestMethod]
    public async Task An_input_without_equals_sign_exits_2()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("run", AgentRepository.Workflow("hello.json"), "--input", "name");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("key=value", result.Error);
    }

    [TestMethod]
    public async Task Running_a_changed_file_stores_it_as_a_new_version_and_says_so()
    {
        using var cli = new CliHarness();
        Assert.AreEqual(0, (await cli.RunAsync("run", AgentRepository.Workflow("hello.json"))).ExitCode);
        var changed = cli.WriteFile("hello.json", CliDefinitions.HelloVersion2().Replace("\"version\":2", "\"version\":1", StringComparison.Ordinal));

        var result = await cli.RunAsync("run", changed, "--input", "factor=1");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.Contains("The answer is small, for now.", result.Output);
        Assert.Contains("stored it as version 2", result.Error);
        Assert.Contains("\"version\": 2", (await cli.RunAsync("workflows", "versions", "hello", "--json")).Output);
    }
}
