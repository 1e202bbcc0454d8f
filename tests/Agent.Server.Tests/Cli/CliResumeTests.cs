namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class CliResumeTests
{
    [TestMethod]
    public async Task Resuming_the_approval_bookmark_finishes_the_instance()
    {
        using var cli = new CliHarness();
        var started = await cli.RunAsync("run", AgentRepository.Workflow("approval-demo.json"), "--json");
        Assert.AreEqual(0, started.ExitCode, started.ToString());
        Assert.AreEqual("Suspended", started.Json().GetProperty("status").GetString());
        var bookmark = started.Json().GetProperty("bookmarks")[0];
        Assert.AreEqual("approve", bookmark.GetProperty("name").GetString());

        var resumed = await cli.RunAsync("resume", bookmark.GetProperty("id").GetString()!, "--json");

        Assert.AreEqual(0, resumed.ExitCode, resumed.ToString());
        var json = resumed.Json();
        Assert.AreEqual(started.Json().GetProperty("instanceId").GetString(), json.GetProperty("instanceId").GetString());
        Assert.AreEqual("Finished", json.GetProperty("status").GetString());
        CollectionAssert.Contains(json.GetProperty("output").EnumerateArray().Select(e => e.GetString()).ToList(), "Approved.");
    }

    [TestMethod]
    public async Task Resuming_the_same_bookmark_twice_exits_2_with_a_clear_message()
    {
        using var cli = new CliHarness();
        var started = await cli.RunAsync("run", AgentRepository.Workflow("approval-demo.json"), "--json");
        var bookmarkId = started.Json().GetProperty("bookmarks")[0].GetProperty("id").GetString()!;
        Assert.AreEqual(0, (await cli.RunAsync("resume", bookmarkId)).ExitCode);

        var again = await cli.RunAsync("resume", bookmarkId);

        Assert.AreEqual(2, again.ExitCode, again.ToString());
        Assert.Contains($"Bookmark '{bookmarkId}' does not exist or was already resumed", again.Error);
        Assert.DoesNotContain("   at ", again.Error);
    }

    [TestMethod]
    public async Task Resume_by_name_and_correlation_id_resumes_only_that_instance()
    {
        using var cli = new CliHarness();
        var first = (await cli.RunAsync("run", AgentRepository.Workflow("approval-demo.json"), "--correlation-id", "order-1", "--json")).Json();
        var second = (await cli.RunAsync("run", "approval-demo", "--correlation-id", "order-2", "--json")).Json();

        var resumed = await cli.RunAsync("resume", "--name", "approve", "--correlation-id", "order-1", "--json");

        Assert.AreEqual(0, resumed.ExitCode, resumed.ToString());
        var instances = resumed.Json();
        Assert.AreEqual(1, instances.GetArrayLength());
        Assert.AreEqual(first.GetProperty("instanceId").GetString(), instances[0].GetProperty("instanceId").GetString());
        var other = (await cli.RunAsync("instances", "show", second.GetProperty("instanceId").GetString()!, "--json")).Json();
        Assert.AreEqual("Suspended", other.GetProperty("status").GetString());
    }

    [TestMethod]
    public async Task Resume_by_a_name_nobody_waits_on_exits_2()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("resume", "--name", "nobody-waits");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("No bookmark named 'nobody-waits'", result.Error);
    }

    [TestMethod]
    public async Task Resume_prints_the_lines_written_after_the_bookmark()
    {
        using var cli = new CliHarness();
        var started = (await cli.RunAsync("run", AgentRepository.Workflow("approval-demo.json"), "--json")).Json();

        var resumed = await cli.RunAsync("resume", started.GetProperty("bookmarks")[0].GetProperty("id").GetString()!);

        Assert.AreEqual(0, resumed.ExitCode, resumed.ToString());
        Assert.StartsWith("Approved.", resumed.Output);
        Assert.Contains("Finished", resumed.Output);
    }
}
