using System.Diagnostics;
using System.Text;
using Agent.Activities.Safety.Limits;
using CliWrap;

namespace Agent.Activities.Assessment;

/// <summary>A command to run: the program, its arguments, where, and for how long at most.</summary>
public sealed record CommandSpec(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, TimeSpan Timeout)
{
    /// <summary>Extra environment variables.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Which resource limits apply (<c>Safety:Limits:&lt;Kind&gt;</c>).</summary>
    public ProcessKind Kind { get; init; } = ProcessKind.Other;

    /// <summary>The command line, for messages.</summary>
    public override string ToString() => $"{FileName} {string.Join(' ', Arguments)}";
}

/// <summary>How a command ended.</summary>
/// <param name="ExitCode">The exit code (-1 when it was killed or could not start).</param>
/// <param name="StandardOutput">Everything it wrote to stdout.</param>
/// <param name="StandardError">Everything it wrote to stderr.</param>
/// <param name="TimedOut">Whether it was killed for running past its timeout.</param>
/// <param name="StartError">Why it could not start (e.g. the program is not installed), or null.</param>
/// <param name="Duration">How long it ran.</param>
public sealed record CommandOutcome(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, string? StartError, TimeSpan Duration)
{
    /// <summary>The resource limit the command hit (its tree was killed), or null.</summary>
    public LimitBreach? Breach { get; init; }

    /// <summary>Whether it ran and exited with 0.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut && StartError is null && Breach is null;

    /// <summary>The last <paramref name="chars"/> characters of stdout and stderr together.</summary>
    public string Tail(int chars = 4000)
    {
        var all = (StandardOutput + "\n" + StandardError).Trim();
        return all.Length <= chars ? all : all[^chars..];
    }

    /// <summary>
    /// What the tool itself said went wrong, short enough for one line of a report: its error lines (<c>ERROR:</c>,
    /// <c>error</c>, <c>npm error</c>, <c>npm ERR!</c>) when it printed some, else the last lines of its output.
    /// </summary>
    public string ErrorMessage(int chars = 800)
    {
        var lines = (StandardOutput + "\n" + StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.StartsWith("ERROR", StringComparison.Ordinal) || l.StartsWith("error", StringComparison.OrdinalIgnoreCase)
            || l.StartsWith("npm error", StringComparison.Ordinal) || l.StartsWith("npm ERR!", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var text = string.Join(" ", errors.Count > 0 ? errors.TakeLast(6) : lines.TakeLast(3));
        return text.Length <= chars ? text : "…" + text[^chars..];
    }
}

/// <summary>
/// Runs a measuring command (build, tests) with a timeout and, when a <see cref="ResourceLimiter"/> is given, under the
/// resource limits of its <see cref="CommandSpec.Kind"/>. On timeout, cancellation or a limit breach the whole process
/// tree is killed, so no test host or build node outlives the assessment.
/// </summary>
public sealed class CommandRunner(ResourceLimiter? limiter = null)
{
    /// <summary>Runs <paramref name="spec"/>. A timeout or a limit breach is an outcome; the caller's cancellation throws.</summary>
    public async Task<CommandOutcome> RunAsync(CommandSpec spec, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var checksDisk = limiter is not null && spec.Kind is ProcessKind.Test or ProcessKind.Build;
        if (checksDisk && await limiter!.CheckDiskAsync(spec.WorkingDirectory, $"before {spec}", cancellationToken) is { } full)
            return new CommandOutcome(-1, "", DiskFull(full, "was not started"), false, null, watch.Elapsed) { Breach = full };
        var outcome = await RunLimitedAsync(spec, watch, cancellationToken);
        if (checksDisk && outcome.Breach is null && await limiter!.CheckDiskAsync(spec.WorkingDirectory, $"after {spec}", cancellationToken) is { } grown)
            outcome = outcome with { StandardError = outcome.StandardError + DiskFull(grown, "filled its worktree"), Breach = grown };
        return outcome;
    }

    private async Task<CommandOutcome> RunLimitedAsync(CommandSpec spec, Stopwatch watch, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(spec.Timeout);
        using var breachKill = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var path = spec.Environment.TryGetValue("PATH", out var p) ? p : null;
        // Disposed last: removes the command's cgroup even when the process never started.
        await using var command = limiter?.Prepare(spec.Kind, spec.FileName, spec.Arguments, path) ?? new LimitedCommand(spec.FileName, spec.Arguments, spec.Kind, new ProcessLimits());
        ResourceWatch? resources = null;
        try
        {
            var task = Cli.Wrap(command.FileName)
                .WithArguments(command.Arguments)
                .WithWorkingDirectory(spec.WorkingDirectory)
                .WithEnvironmentVariables(spec.Environment)
                .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(breachKill.Token);
            // CliWrap kills the whole tree when its token fires; the watchdog fires it on a breach.
            resources = limiter?.Watch(command, task.ProcessId, () => breachKill.CancelAsync());
            var result = await task.ConfigureAwait(false);
            var breach = resources is null ? null : await resources.FinishAsync(result.ExitCode);
            if (breach is not null) return await BreachedAsync(spec, breach, stdout, stderr, watch, cancellationToken);
            return new CommandOutcome(result.ExitCode, stdout.ToString(), stderr.ToString(), false, null, watch.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var breach = resources is null ? null : await resources.FinishAsync(null);
            if (breach is not null) return await BreachedAsync(spec, breach, stdout, stderr, watch, cancellationToken);
            return new CommandOutcome(-1, stdout.ToString(), stderr.ToString(), true, null, watch.Elapsed);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new CommandOutcome(-1, "", "", false, $"'{spec.FileName}' could not be started: {e.Message}", watch.Elapsed);
        }
        catch (CliWrap.Exceptions.CliWrapException e)
        {
            return new CommandOutcome(-1, stdout.ToString(), stderr.ToString(), false, $"'{spec.FileName}' could not be started: {e.Message}", watch.Elapsed);
        }
        finally
        {
            if (resources is not null) await resources.DisposeAsync();
        }
    }

    private async Task<CommandOutcome> BreachedAsync(CommandSpec spec, LimitBreach breach, StringBuilder stdout, StringBuilder stderr, Stopwatch watch, CancellationToken cancellationToken)
    {
        await limiter!.ReportAsync(breach, spec.Kind, spec.ToString(), spec.WorkingDirectory, cancellationToken);
        return new CommandOutcome(-1, stdout.ToString(), stderr.ToString() + Killed(breach), false, null, watch.Elapsed) { Breach = breach };
    }

    private static string DiskFull(LimitBreach breach, string what) =>
        $"\n[agent] the command {what}: {breach.Message}. Free space in the worktree or raise Safety:Limits:WorktreeDiskMiB.";

    private static string Killed(LimitBreach breach) =>
        $"\n[agent] the process tree was killed: {breach.Message}. Raise Safety:Limits if the command legitimately needs more.";
}
