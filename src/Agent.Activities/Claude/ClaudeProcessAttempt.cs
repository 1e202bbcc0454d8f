using System.ComponentModel;
using System.Diagnostics;
using Agent.Activities.Safety.Limits;

namespace Agent.Activities.Claude;

/// <summary>
/// Runs one CLI process to its end: streams stdout into events, keeps a stderr tail, and kills the whole process
/// tree at once on timeout, cancellation, budget overrun or malformed output.
/// </summary>
internal sealed class ClaudeProcessAttempt(string executable, ClaudeRunRequest request, ClaudeArguments arguments, TimeSpan timeout, TimeSpan killGrace, ResourceLimiter? resources = null,
    ClaudeRunClock? clock = null)
{
    /// <summary>How long to wait for stderr and the exit after stdout closed (orphaned grandchildren may hold the pipe).</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    public async Task<(ClaudeRunResult Result, TimeSpan Elapsed)> RunAsync(int attempt, IProgress<ClaudeEvent>? progress, CancellationToken cancellationToken)
    {
        arguments.Environment.TryGetValue("PATH", out var path);
        // Disposed last: removes the CLI's cgroup even when the process never started.
        await using var command = resources?.Prepare(ProcessKind.Claude, executable, arguments.Arguments, path)
            ?? new LimitedCommand(executable, arguments.Arguments, ProcessKind.Claude, new ProcessLimits());
        var start = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = request.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Arguments) start.ArgumentList.Add(arg);
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
        clock?.Mark(ClaudeRunPhase.ProcessStart);
        using (process)
        {
            var terminator = new ProcessTreeTerminator(process, killGrace);
            await using var limits = resources?.Watch(command, process.Id, terminator.TerminateAsync);
            // The prompt is an argument; a closed stdin keeps the CLI from waiting for more input.
            process.StandardInput.Close();
            // Only stream-json callers asked for the transcript; json callers get the result alone.
            List<ClaudeEvent>? transcript = request.OutputFormat == ClaudeOutputFormat.StreamJson ? [] : null;
            var started = new ProcessStartedEvent(process.Id, attempt);
            transcript?.Add(started);
            progress?.Report(started);
            var stderr = new StderrTail();
            var stderrTask = stderr.ReadAsync(process.StandardError);
            var tracker = new RunTracker(request.Budget);
            var parser = new ClaudeStreamParser();
            (string, string)? stop = null;
            var first = true;

            using var timeoutSource = new CancellationTokenSource(timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
            // Killing the tree also closes stdout, so the read below ends even if the pipe read ignores the token.
            await using (linked.Token.Register(() => terminator.TerminateAsync()))
            {
                try
                {
                    while (await process.StandardOutput.ReadLineAsync(linked.Token) is { } line)
                    {
                        if (first)
                        {
                            clock?.Mark(ClaudeRunPhase.FirstByte);
                            first = false;
                        }
                        var parseStart = Stopwatch.GetTimestamp();
                        IReadOnlyList<ClaudeEvent> events;
                        try
                        {
                            events = parser.Parse(line);
                            clock?.AddSince(ClaudeRunPhase.Parse, parseStart);
                        }
                        catch (ClaudeStreamFormatException e)
                        {
                            stop = (ClaudeRunSubtypes.MalformedOutput, e.Message);
                            break;
                        }
                        foreach (var e in events)
                        {
                            tracker.Observe(e);
                            transcript?.Add(e);
                            progress?.Report(e);
                            if (e is ResultEvent) clock?.Mark(ClaudeRunPhase.Stream);
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
            clock?.Mark(tracker.Result is null ? ClaudeRunPhase.Stream : ClaudeRunPhase.ResultToEof);
            // A breach kills the tree, which closes stdout and ends the loop above without a stop of its own.
            if (limits is not null && await limits.FinishAsync(process.HasExited ? process.ExitCode : null) is { } breach && stop is null)
            {
                stop = (ClaudeRunSubtypes.LimitExceeded, $"The Claude CLI's process tree was killed: {breach.Message}. Raise Safety:Limits:Claude if the task legitimately needs more.");
                await resources!.ReportAsync(breach, ProcessKind.Claude, $"claude -p (attempt {attempt})", request.WorkingDirectory, CancellationToken.None);
            }
            if (stop is null && linked.IsCancellationRequested)
            {
                stop = cancellationToken.IsCancellationRequested
                    ? (ClaudeRunSubtypes.Cancelled, "The run was cancelled by the caller; the process tree was killed.")
                    : (ClaudeRunSubtypes.Timeout, $"The run exceeded its timeout of {timeout.TotalSeconds:0.###} s; the process tree was killed. Raise ClaudeRunRequest.Timeout if the task needs longer.");
            }
            clock?.Mark(ClaudeRunPhase.ProcScan);
            // Awaited, so when the attempt returns after a stop the whole tree is gone.
            if (stop is not null) await terminator.TerminateAsync();
            using var drain = new CancellationTokenSource(DrainLimit);
            try
            {
                await process.WaitForExitAsync(drain.Token);
                await stderrTask.WaitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
                await terminator.TerminateAsync();
            }
            clock?.Mark(ClaudeRunPhase.Exit);
            int? exitCode = stop is null && process.HasExited ? process.ExitCode : null;
            var result = ClaudeResultMapper.Map(tracker, stop, exitCode, stderr.ToString());
            return (transcript is null ? result : result with { Events = transcript }, watch.Elapsed);
        }
    }
}
