namespace Agent.Activities.Claude;

/// <summary>
/// Diagnostics hook of <see cref="ClaudeRunner"/>: receives, once per run, where the run's wall time went
/// (<see cref="ClaudeRunProfile"/>). The benchmark's per-phase profile comes from here, so it times the runner's own code
/// rather than a copy of it.
/// </summary>
/// <remarks>Called on the run's thread after the result is final and the run log is written; it must be quick and
/// thread-safe (concurrent runs report concurrently) and must not throw.</remarks>
public interface IClaudeRunObserver
{
    /// <summary>One run finished (whatever its outcome); <paramref name="profile"/> holds its phase durations.</summary>
    void Completed(ClaudeRunProfile profile);
}

/// <summary>The phases of one <see cref="ClaudeRunner.RunAsync"/> call; together they cover its whole wall time.</summary>
public enum ClaudeRunPhase
{
    /// <summary>Request validation and the guards before and after (emergency-stop registry, spend gate, disk quota).</summary>
    Guards,
    /// <summary>Locating the CLI executable.</summary>
    Locate,
    /// <summary>The oversight session and building the command line and environment (on a retry also the backoff delay before it).</summary>
    Arguments,
    /// <summary>Waiting for a slot of the global concurrency gate.</summary>
    Gate,
    /// <summary>Wrapping the command under limits, filling the start info and <c>Process.Start</c> returning.</summary>
    ProcessStart,
    /// <summary>From the process start to its first stdout line (the CLI booting and sending its init event).</summary>
    FirstByte,
    /// <summary>From the first line to the result event: the CLI's conversation, parsing included.</summary>
    Stream,
    /// <summary>Parsing stdout lines into events (already counted inside <see cref="FirstByte"/> and <see cref="Stream"/>; not part of the sum).</summary>
    Parse,
    /// <summary>From the result event to stdout's end (the CLI shutting down).</summary>
    ResultToEof,
    /// <summary>The <c>/proc</c> resource watchdog's final sample (only with a resource limiter).</summary>
    ProcScan,
    /// <summary>Waiting for the exit and the stderr tail after stdout ended.</summary>
    Exit,
    /// <summary>Writing the run log record.</summary>
    RunLog,
    /// <summary>Mapping the result, disposing the process, oversight session and telemetry span.</summary>
    Cleanup,
}

/// <summary>Where one run's wall time went, by <see cref="ClaudeRunPhase"/> (retries add up).</summary>
public sealed class ClaudeRunProfile
{
    private readonly TimeSpan[] _phases = new TimeSpan[Enum.GetValues<ClaudeRunPhase>().Length];

    /// <summary>How the run ended (<see cref="ClaudeRunResult.Subtype"/>).</summary>
    public string Subtype { get; internal set; } = "";

    /// <summary>The time spent in <paramref name="phase"/>.</summary>
    public TimeSpan this[ClaudeRunPhase phase] => _phases[(int)phase];

    /// <summary>The run's wall time: every phase except <see cref="ClaudeRunPhase.Parse"/>, which lies inside two others.</summary>
    public TimeSpan Total => _phases.Where((_, i) => i != (int)ClaudeRunPhase.Parse).Aggregate(TimeSpan.Zero, (a, b) => a + b);

    /// <summary>
    /// What the runner spent outside the CLI's lifetime, in its own code: everything but <see cref="ClaudeRunPhase.FirstByte"/>,
    /// <see cref="ClaudeRunPhase.Stream"/>, <see cref="ClaudeRunPhase.ResultToEof"/> and <see cref="ClaudeRunPhase.Exit"/>
    /// (<see cref="ClaudeRunPhase.ProcessStart"/> is counted: the harness starting a bare CLI pays its fork/exec too, but the
    /// runner's share of it is the start info it builds).
    /// </summary>
    public TimeSpan Own => Total - this[ClaudeRunPhase.FirstByte] - this[ClaudeRunPhase.Stream] - this[ClaudeRunPhase.ResultToEof] - this[ClaudeRunPhase.Exit];

    internal void Add(ClaudeRunPhase phase, TimeSpan duration) => _phases[(int)phase] += duration;
}
