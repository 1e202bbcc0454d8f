using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Agent.Server.Tests.Deploy;

/// <summary>
/// What the image runs, built the way the Dockerfile builds it: the Dockerfile's own <c>dotnet publish</c> line (only the
/// output folder moved to a temp folder) run on exactly the files its build stage copies, the files its runtime stage
/// copies beside the output, then its ENTRYPOINT and CMD
/// started with its ENV on a free port and a temp data directory, until <c>/health/ready</c> answers 200.
/// </summary>
[TestClass]
public sealed class PublishedImageTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task The_published_entrypoint_starts_agent_serve_and_becomes_ready()
    {
        var docker = Dockerfile.Load(DeployFiles.Dockerfile);
        var folder = TempFolder.Create("agent-publish-tests");
        try
        {
            var app = Path.Combine(folder, "app");
            var (arguments, output) = docker.Publish();
            arguments[arguments.IndexOf(output)] = app;
            // The build stage sees only what its COPY lines bring into its WORKDIR: so does this build.
            var source = Path.Combine(folder, "src");
            BuildContext.ApplyCopies(docker.Instructions.Where(i => i.Stage == 0), source);
            // Build servers off: nothing may outlive the test on this shared machine. The output is the same.
            var publish = await RunAsync("dotnet", [.. arguments, "--disable-build-servers", "-nologo", "-v", "q"], source, TimeSpan.FromMinutes(10));
            Assert.AreEqual(0, publish.ExitCode, $"dotnet {string.Join(' ', arguments)} failed:\n{publish.Output}");

            var command = docker.Command();
            var dll = command.Single(c => c.EndsWith(".dll", StringComparison.Ordinal));
            StringAssert.StartsWith(dll, output + "/", "the entrypoint is in the publish output");
            var published = Path.Combine(app, dll[(output.Length + 1)..]);
            Assert.IsTrue(File.Exists(published), $"the entrypoint {dll} is in the publish output ({string.Join(", ", Directory.GetFiles(app, "*.dll").Select(Path.GetFileName).Take(5))}…)");
            BuildContext.ApplyCopies(docker.Runtime, app);

            var port = FreePort();
            var data = Path.Combine(folder, "data");
            var env = docker.Environment();
            env["AGENT_ROOT"] = app;
            env["Agent__DataDirectory"] = data;
            env["Claude__RunLogPath"] = Path.Combine(folder, "logs", "claude-runs.db");
            env["Server__Urls"] = $"http://127.0.0.1:{port}";
            // The image installs Elsa Studio under tools/; here the repository's install stands in for it.
            env["Studio__PackageDirectory"] = Path.Combine(AgentRepository.Root, "tools/elsa-studio/node_modules/@elsa-workflows/elsa-studio-wasm");
            using var server = Start(command[0], [published, .. command.Skip(2)], env, folder);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                await WaitForReadyAsync(http, server, Token);
                Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync("/health/live", Token)).StatusCode);
                // Every database lands on the data volume, none in the image's own folder (lost with the container).
                foreach (var database in new[] { "agent.db", "knowledge_base.db", "cycle.db", "capabilities.db" })
                    Assert.IsTrue(File.Exists(Path.Combine(data, database)), $"{database} is in the configured data directory {data}");
                Assert.IsFalse(Directory.Exists(Path.Combine(app, ".data")), "nothing is written under the content root's .data");
            }
            finally
            {
                if (!server.Process.HasExited) server.Process.Kill(entireProcessTree: true);
                await server.Process.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    private static async Task WaitForReadyAsync(HttpClient http, RunningProcess server, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (server.Process.HasExited) Assert.Fail($"the published agent serve exited with {server.Process.ExitCode}:\n{server.Output}");
            try
            {
                using var response = await http.GetAsync("/health/ready", cancellationToken);
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(200, cancellationToken);
        }
        Assert.Fail($"/health/ready did not answer 200 within 2 minutes; last: {last}\n{server.Output}");
    }

    private sealed class RunningProcess(Process process) : IDisposable
    {
        private readonly System.Text.StringBuilder _output = new();

        public Process Process { get; } = process;

        public string Output { get { lock (_output) return _output.ToString(); } }

        public void Append(string? line) { lock (_output) _output.AppendLine(line); }

        public void Dispose() => Process.Dispose();
    }

    private static RunningProcess Start(string file, IEnumerable<string> arguments, Dictionary<string, string> env, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test's own AGENT_ settings must not leak into the server: it sees only what the image sets.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AGENT_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(key);
        foreach (var (key, value) in env) start.Environment[key] = value;
        var running = new RunningProcess(Process.Start(start)!);
        running.Process.OutputDataReceived += (_, e) => running.Append(e.Data);
        running.Process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        running.Process.BeginOutputReadLine();
        running.Process.BeginErrorReadLine();
        return running;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        using var running = Start(file, arguments, [], workingDirectory);
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await running.Process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            running.Process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} took longer than {timeout}:\n{running.Output}");
        }
        running.Process.WaitForExit(); // drains the output
        return (running.Process.ExitCode, running.Output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
