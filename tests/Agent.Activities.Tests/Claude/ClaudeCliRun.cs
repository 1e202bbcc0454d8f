using System.Diagnostics;
using System.Text.Json;
using Agent.Activities.Claude;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;

namespace Agent.Activities.Tests.Claude;

/// <summary>What one run of the real CLI produced.</summary>
internal sealed record CliOutcome(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>The result object: the whole stdout for <c>json</c>, the last line for <c>stream-json</c>.</summary>
    public JsonElement Result()
    {
        var last = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new AssertFailedException($"The CLI printed no result line.\n{this}");
        using var document = JsonDocument.Parse(last);
        return document.RootElement.Clone();
    }

    /// <summary>Every stdout line as JSON (stream-json).</summary>
    public IReadOnlyList<JsonElement> Lines() =>
        [.. Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalMilliseconds:F0} ms\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// One test's sandbox for the real Claude Code CLI: a scripted model server, a fresh HOME and a fresh working
/// directory. The CLI is found by <see cref="ClaudeCliLocator"/>; when it is missing the test fails with the
/// locator's install instructions rather than being skipped.
/// </summary>
internal sealed class ClaudeCliRun : IAsyncDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(40);
    private readonly string _root;

    private ClaudeCliRun(ScriptedModelServer server, Uri baseUrl, string executable)
    {
        Server = server;
        BaseUrl = baseUrl;
        Executable = executable;
        _root = TempFolder.Create("agent-claude-tests");
        Home = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName;
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
    }

    public ScriptedModelServer Server { get; }

    public Uri BaseUrl { get; }

    public string Executable { get; }

    public string Home { get; }

    /// <summary>The CLI's working directory; tool writes land here.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Locates the CLI (failing the test with its message when missing) and starts a server for <paramref name="scriptJson"/>.</summary>
    public static async Task<ClaudeCliRun> StartAsync(string scriptJson, CancellationToken cancellationToken)
    {
        var executable = new ClaudeCliLocator(new ClaudeCliOptions()).Locate();
        var server = new ScriptedModelServer(ScriptLoader.Parse(scriptJson));
        var url = await server.StartAsync(cancellationToken);
        return new ClaudeCliRun(server, url, executable);
    }

    /// <summary>Runs <c>claude -p PROMPT ARGS…</c> against the server and waits for it to exit.</summary>
    public async Task<CliOutcome> RunAsync(string prompt, IEnumerable<string> args, CancellationToken cancellationToken, int maxRetries = 1)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(prompt);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Only what the test sets: no real key, no network beyond the scripted server, retries capped so error paths finish fast.
        foreach (var name in new[] { "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_MODEL", "CLAUDE_CONFIG_DIR" }) start.Environment.Remove(name);
        start.Environment["ANTHROPIC_BASE_URL"] = BaseUrl.ToString().TrimEnd('/');
        start.Environment["ANTHROPIC_API_KEY"] = "sk-test";
        start.Environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        start.Environment["CLAUDE_CODE_MAX_RETRIES"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["HOME"] = Home;

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"The CLI did not finish within {RunTimeout.TotalSeconds} s.");
        }
        return new CliOutcome(process.ExitCode, await stdout, await stderr, watch.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        TempFolder.Delete(_root);
    }
}
