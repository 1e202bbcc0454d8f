using System.Text.Json;

namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class AgentWrapperTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_agent_wrapper_builds_if_needed_and_runs_hello_as_json()
    {
        using var cli = new CliHarness();
        var (exitCode, output, error) = await AgentWrapper.RunAsync(["run", "workflows/hello.json", "--json"], environment =>
        {
            environment["AGENT_Persistence__DatabasePath"] = cli.DatabasePath;
            environment.Remove("AGENT_ROOT");
        }, TestContext.CancellationToken);

        Assert.AreEqual(0, exitCode, $"stdout:\n{output}\nstderr:\n{error}");
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual("Finished", json.RootElement.GetProperty("status").GetString());
        Assert.AreEqual("Hello, world!", json.RootElement.GetProperty("output")[0].GetString());
        Assert.IsTrue(File.Exists(cli.DatabasePath), "the configured database was used");
    }
}
