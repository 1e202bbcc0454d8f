using System.ComponentModel;
using System.Diagnostics;

namespace Agent.Activities.Claude;

/// <summary>
/// Runs one CLI process to its end: streams stdout into events, keeps a stderr tail, and kills the whole process
/// tree at once on timeout, cancellation, budget overrun or malformed output.
/// </summary>
internal sealed class ClaudeProcessAttempt(string executable, ClaudeRunRequest request, ClaudeArguments arguments, TimeSpan timeout)
{
    /// <summary>How long to wait for stderr and the exit after stdout closed (orphaned grandchildren may hold the pipe).</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    public async Task<(ClaudeRunResult Result, TimeSpan Elapsed)> RunAsync(int attempt, IProgress<ClaudeEvent>? progress, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = request.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in arguments.Arguments) start.ArgumentList.Add(arg);
        foreach (var (name, value) in arguments.Environment) start.Environment[name] = value;

        var watch = Stopwatch.StartNew();
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"Process.Start returned no process for {executable}.");
        }
        catch (Win32Exception e)
        {
            return (new ClaudeRunResult { Subtype = ClaudeRunSubtypes.Crashed, Error = $"Could not start the Claude Code CLI '{executable}': {e.Message}. {ClaudeCliLocator.InstallHint}" }, watch.Elapsed);
        }
        using (process)
        {
            // The prompt is an argument; a closed stdin keeps the CLI from waiting for more input.
            process.StandardInput.Close();
            progress?.Report(new ProcessStartedEvent(process.Id, attempt));
            var stderr = new StderrTail();
            var stderrTask = stderr.ReadAsync(process.StandardError);
            var tracker = new RunTracker(request.Budget);
            var parser = new ClaudeStreamParser();
            (string, string)? stop = null;

            using var timeoutSource = new CancellationTokenSource(timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
            // Killing the tree also closes stdout, so the read below ends even if the pipe read ignores the token.
            await using (linked.Token.Register(() => KillTree(process)))
            {
                try
                {
                    while (await process.StandardOutput.ReadLineAsync(linked.Token) is { } line)
                    {
                        IReadOnlyList<ClaudeEvent> events;
                        try
                        {
                            events = parser.Parse(line);
                        }
                        catch (ClaudeStreamFormatException e)
                        {
                            stop = (ClaudeRunSubtypes.MalformedOutput, e.Message);
                            break;
                        }
                        foreach (var e in events)
                        {
                            tracker.Observe(e);
                            progress?.Report(e);
                        }
                        if (tracker.BudgetExceeded is { } budget)
                        {
                            stop = (ClaudeRunSubtypes.BudgetExceeded, budget);
                            break;
                        }
                    }
                }
                catch (OperationCanceledException) when (linked.IsCancellationRequested)
                {
                    // Decided below from the token states.
                }
                catch (IOException) when (linked.IsCancellationRequested)
                {
                    // The pipe broke because the tree was killed.
                }
            }
            if (stop is null && linked.IsCancellationRequested)
            {
                stop = cancellationToken.IsCancellationRequested
                    ? (ClaudeRunSubtypes.Cancelled, "The run was cancelled by the caller; the process tree was killed.")
                    : (ClaudeRunSubtypes.Timeout, $"The run exceeded its timeout of {timeout.TotalSeconds:0.###} s; the process tree was killed. Raise ClaudeRunRequest.Timeout if the task needs longer.");
            }
            if (stop is not null) KillTree(process);
            using var drain = new CancellationTokenSource(DrainLimit);
            try
            {
                await process.WaitForExitAsync(drain.Token);
                await stderrTask.WaitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
                KillTree(process);
            }
            int? exitCode = stop is null && process.HasExited ? process.ExitCode : null;
            return (ClaudeResultMapper.Map(tracker, stop, exitCode, stderr.ToString()), watch.Elapsed);
        }
    }

    /// <summary>
    /// Kills the CLI and every descendant. The CLI runs Bash tools in their own process group, so a group kill would
    /// miss them; <c>entireProcessTree</c> walks the children instead.
    /// </summary>
    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // A descendant vanished while the tree was walked; the rest was still signalled.
        }
    }
}
