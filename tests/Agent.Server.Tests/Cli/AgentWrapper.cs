using System.Diagnostics;

namespace Agent.Server.Tests.Cli;

/// <summary>The <c>./agent</c> wrapper as a child process (<c>bash agent …</c> in the repository's root).</summary>
internal static class AgentWrapper
{
    /// <summary>
    /// Runs <c>./agent &lt;args&gt;</c> with <paramref name="environment"/> applied to the child's environment, and returns
    /// its exit code and output. It may take minutes: the first call, or one after a source file changed, builds the server.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string[] args, Action<IDictionary<string, string?>>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = AgentRepository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AgentRepository.Root, "agent") }.Concat(args)) start.ArgumentList.Add(arg);
        environment?.Invoke(start.Environment);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(TimeSpan.FromMinutes(10)); // the first call builds the server
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
