namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class CliInstancesTests
{
    [TestMethod]
    public async Task List_show_and_journal_describe_a_suspended_instance()
    {
        using var cli = new CliHarness();
        var id = (await cli.RunAsync("run", AgentRepository.Workflow("approval-demo.json"), "--json")).Json().GetProperty("instanceId").GetString()!;

        var list = await cli.RunAsync("instances", "list", "--status", "Suspended", "--definition", "approval-demo", "--json");
        var show = await cli.RunAsync("instances", "show", id);
        var journal = await cli.RunAsync("instances", "journal", id, "--json");

        Assert.AreEqual(id, list.Json().GetProperty("items")[0].GetProperty("instanceId").GetString());
        Assert.AreEqual(0, show.ExitCode, show.ToString());
        Assert.Contains("Suspended", show.Output);
        Assert.Contains("approve", show.Output);
        var types = journal.Json().EnumerateArray().Select(e => e.GetProperty("activityType").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "Elsa.Start", "Elsa.WriteLine", "Elsa.Event" }, types);
    }

    [TestMethod]
    public async Task Cancel_ends_a_waiting_instance_and_its_bookmark_can_no_longer_be_resumed()
    {
        using var cli = new CliHarness();
        var started = (await cli.RunAsync("run", AgentRepository.Workflow("approval-demo.json"), "--json")).Json();
        var id = started.GetProperty("instanceId").GetString()!;

        var cancel = await cli.RunAsync("instances", "cancel", id);
        var show = (await cli.RunAsync("instances", "show", id, "--json")).Json();
        var resume = await cli.RunAsync("resume", started.GetProperty("bookmarks")[0].GetProperty("id").GetString()!);

        Assert.AreEqual(0, cancel.ExitCode, cancel.ToString());
        Assert.AreEqual("Cancelled", show.GetProperty("status").GetString());
        Assert.AreEqual(2, resume.ExitCode, resume.ToString());
    }

    [TestMethod]
    public async Task Unknown_instance_id_exits_2()
    {
        using var cli = new CliHarness();

        foreach (var verb in new[] { "show", "journal", "cancel" })
        {
            var result = await cli.RunAsync("instances", verb, "no-such-instance");
            Assert.AreEqual(2, result.ExitCode, result.ToString());
            Assert.Contains("'no-such-instance' does not exist", result.Error);
        }
    }

    [TestMethod]
    public async Task An_unknown_status_is_a_usage_error()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("instances", "list", "--status", "Sleeping");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("--help", result.Error);
    }
}
