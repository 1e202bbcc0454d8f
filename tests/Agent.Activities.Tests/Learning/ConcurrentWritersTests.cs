using Agent.Activities.Learning;
using Agent.Testing.Postgres;
using System.Diagnostics;

namespace Agent.Activities.Tests.Learning;

/// <summary>Two real processes record into the same knowledge base (file or PostgreSQL schema) at once; every write must survive and each sees the other's.</summary>
[TestCategory("Slow")]
public abstract class ConcurrentWritersTests : KnowledgeTests
{
    private const int AttemptsPerWriter = 40;

    private static string WriterDll => Path.Combine(AppContext.BaseDirectory, "Agent.Learning.WriterHost.dll");

    [TestMethod]
    public async Task Two_processes_writing_at_once_lose_no_write()
    {
        await using var kb = await NewSandboxAsync();
        var token = TestContext.CancellationToken;

        var writers = new[] { Start(kb.WriterArgument, "alpha"), Start(kb.WriterArgument, "beta") };
        foreach (var writer in writers)
        {
            var line = await writer.StandardOutput.ReadLineAsync(token);
            if (line != "ready") Assert.Fail($"A writer did not get ready (printed '{line}'): {await writer.StandardError.ReadToEndAsync(token)}");
        }
        foreach (var writer in writers) await writer.StandardInput.WriteLineAsync("go");
        var results = await Task.WhenAll(writers.Select(w => FinishAsync(w, token)));

        foreach (var (code, output) in results) Assert.AreEqual(0, code, output);
        const int total = 2 * AttemptsPerWriter;
        Assert.AreEqual(total, kb.Scalar("SELECT COUNT(*) FROM experiences"));
        Assert.AreEqual(1, kb.Scalar("SELECT COUNT(*) FROM errors"), "every path and line normalizes to one signature");
        Assert.AreEqual(total, kb.Scalar("SELECT occurrences FROM errors"));
        Assert.AreEqual(total, kb.Scalar("SELECT successCount FROM solutions"));
        Assert.AreEqual(total, kb.Scalar("SELECT successCount FROM patterns WHERE approachKey = 'shared-approach'"));
        Assert.AreEqual(total, kb.Scalar("SELECT CAST(weight AS INTEGER) FROM graph_edges WHERE type = 'SolvedBy'"));
        Assert.AreEqual(total, kb.Scalar("SELECT COUNT(*) FROM metrics WHERE name = 'agent.turns'"));
    }

    private static Process Start(string database, string name)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { WriterDll, database, name, AttemptsPerWriter.ToString() }) info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static async Task<(int Code, string Output)> FinishAsync(Process process, CancellationToken token)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(token);
            var stderr = process.StandardError.ReadToEndAsync(token);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}

[TestClass]
public sealed class SqliteConcurrentWritersTests : ConcurrentWritersTests
{
    private protected override Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null) => SqliteSandboxAsync(configure);
}

[TestClass]
public sealed class PostgresConcurrentWritersTests : ConcurrentWritersTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null) => PostgresSandboxAsync(s_server, configure);
}
