using System.Text.Json;
using Agent.Testing.Http;

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

    [TestMethod]
    public async Task Outside_service_addresses_are_read_from_unprefixed_dotnet_style_environment_variables()
    {
        using var cli = new CliHarness();
        await using var server = new LoopbackHttpServer()
            .Map("/2.3/search/advanced", new LoopbackResponse(200, ApiShapes.StackExchange(ApiShapes.Questions(
                new ApiShapes.Question(7, "Cannot convert null to int", "https://stackoverflow.com/questions/7/cannot-convert-null", 70)))) { Encoding = "gzip" })
            .Map("/2.3/questions/7/answers", new LoopbackResponse(200, ApiShapes.StackExchange(ApiShapes.Answers())) { Encoding = "gzip" });
        var (exitCode, output, error) = await AgentWrapper.RunAsync(["research", "search", "Cannot convert null to int", "--sources", "stackoverflow", "--json"], environment =>
        {
            environment["AGENT_Persistence__DatabasePath"] = cli.DatabasePath;
            environment["AGENT_Research__CacheDatabasePath"] = Path.Combine(cli.Folder, "research.db");
            environment["Research__StackExchange__BaseUrl"] = server.BaseAddress.ToString();
        }, TestContext.CancellationToken);

        Assert.AreEqual(0, exitCode, $"stdout:\n{output}\nstderr:\n{error}");
        Assert.HasCount(1, server.RequestsTo("/2.3/search/advanced"), "the unprefixed variable pointed the client at the loopback server");
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual("https://stackoverflow.com/questions/7/cannot-convert-null", json.RootElement.GetProperty("findings")[0].GetProperty("url").GetString());
    }
}
