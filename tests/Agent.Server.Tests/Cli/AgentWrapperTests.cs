using System.Diagnostics;
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
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = AgentRepository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { Path.Combine(AgentRepository.Root, "agent"), "run", "workflows/hello.json", "--json" })
            start.ArgumentList.Add(arg);
        start.Environment["AGENT_Persistence__DatabasePath"] = cli.DatabasePath;
        start.Environment.Remove("AGENT_ROOT");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken))
        {
            timeout.CancelAfter(TimeSpan.FromMinutes(10)); // the first call builds the server
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        }

        var output = await stdout;
        Assert.AreEqual(0, process.ExitCode, $"stdout:\n{output}\nstderr:\n{await stderr}");
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual("Finished", json.RootElement.GetProperty("status").GetString());
        Assert.AreEqual("Hello, world!", json.RootElement.GetProperty("output")[0].GetString());
        Assert.IsTrue(File.Exists(cli.DatabasePath), "the configured database was used");
    }
}
