using System.Diagnostics;
using System.Text;
using CliWrap;

namespace Agent.Activities.Assessment;

/// <summary>A command to run: the program, its arguments, where, and for how long at most.</summary>
public sealed record CommandSpec(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, TimeSpan Timeout)
{
    /// <summary>Extra environment variables.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

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
    /// <summary>Whether it ran and exited with 0.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut && StartError is null;

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
/// Runs a measuring command (build, tests) with a timeout. On timeout or cancellation CliWrap kills the whole process
/// tree, so no test host or build node outlives the assessment.
/// </summary>
public sealed class CommandRunner
{
    /// <summary>Runs <paramref name="spec"/>. A timeout is an outcome; the caller's cancellation throws.</summary>
    public async Task<CommandOutcome> RunAsync(CommandSpec spec, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(spec.Timeout);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await Cli.Wrap(spec.FileName)
                .WithArguments(spec.Arguments)
                .WithWorkingDirectory(spec.WorkingDirectory)
                .WithEnvironmentVariables(spec.Environment)
                .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(timeout.Token)
                .ConfigureAwait(false);
            return new CommandOutcome(result.ExitCode, stdout.ToString(), stderr.ToString(), false, null, watch.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
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
    }
}
