using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Agent.Testing.Host;

/// <summary>
/// <c>agent serve</c> as a real child process (the agent.dll built beside the tests) on a free port, against the
/// harness's folder and database. <see cref="Kill"/> ends it like a crash; starting another on the same folder is a restart.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>The API key the server accepts; <see cref="Http"/> sends it (the HTTP API and /mcp need a key or token).</summary>
    public const string ApiKey = "server-process-api-key-0123456789";

    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
        Http = new HttpClient { BaseAddress = url };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", ApiKey);
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public int Id => _process.Id;

    /// <summary>What the server wrote so far (for failure messages).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<ServerProcess> StartAsync(CliHarness cli, CancellationToken cancellationToken, params (string Key, string Value)[] settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cli.Folder };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "agent.dll"), "serve" }) start.ArgumentList.Add(arg);
        start.Environment["AGENT_ROOT"] = cli.Folder;
        start.Environment["AGENT_Persistence__DatabasePath"] = cli.DatabasePath;
        start.Environment["AGENT_Server__Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["AGENT_Server__ImportWorkflowsOnStart"] = "false";
        start.Environment["AGENT_Auth__ApiKeys__0"] = ApiKey;
        foreach (var (key, value) in settings) start.Environment["AGENT_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var server = new ServerProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        server._process.OutputDataReceived += (_, e) => { lock (server._log) server._log.AppendLine(e.Data); };
        server._process.ErrorDataReceived += (_, e) => { lock (server._log) server._log.AppendLine(e.Data); };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync(cancellationToken);
            return server;
        }
        catch
        {
            // The caller never gets the process to dispose: a server that did not come up must not outlive the test.
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"agent serve exited with {_process.ExitCode}:\n{Log}");
            try
            {
                if ((await Http.GetAsync("/health", startup.Token)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(100, startup.Token);
        }
    }

    /// <summary>Kills the process at once, as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        Http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
