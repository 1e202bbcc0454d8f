using Agent.Activities.Claude;

namespace Agent.Bench;

/// <summary>
/// Collects the runner's own per-phase timings (<see cref="IClaudeRunObserver"/>) of the measured runs and prints them as
/// <c>profile: claude …</c> lines: median and max of every phase, and the runner's own share outside the CLI's lifetime.
/// </summary>
public sealed class ClaudeRunProfiles : IClaudeRunObserver
{
    private readonly Lock _lock = new();
    private readonly List<ClaudeRunProfile> _runs = [];

    /// <inheritdoc />
    public void Completed(ClaudeRunProfile profile)
    {
        lock (_lock) _runs.Add(profile);
    }

    /// <summary>Forgets the runs so far (the warm-up's).</summary>
    public void Clear()
    {
        lock (_lock) _runs.Clear();
    }

    /// <summary>One line per phase, then the total and the runner's own time; nothing when no run was observed.</summary>
    public void Print(Report report)
    {
        List<ClaudeRunProfile> runs;
        lock (_lock) runs = [.. _runs];
        if (runs.Count == 0) return;
        foreach (var phase in Enum.GetValues<ClaudeRunPhase>())
            report.Profile($"claude {Name(phase),-13} {Line(runs.Select(r => r[phase]))}{(phase == ClaudeRunPhase.Parse ? "  (inside first-byte + stream)" : "")}");
        report.Profile($"claude {"total",-13} {Line(runs.Select(r => r.Total))}  ({runs.Count} runs)");
        report.Profile($"claude {"runner-own",-13} {Line(runs.Select(r => r.Own))}  (all but first-byte, stream, result-to-eof, exit: the runner's code, not the CLI's)");
    }

    private static string Line(IEnumerable<TimeSpan> values)
    {
        var ms = values.Select(v => v.TotalMilliseconds).ToList();
        return $"median {Report.F(Stats.Median(ms), "0.000"),9} ms  max {Report.F(ms.Max(), "0.000"),9} ms";
    }

    private static string Name(ClaudeRunPhase phase) => phase switch
    {
        ClaudeRunPhase.ProcessStart => "process-start",
        ClaudeRunPhase.FirstByte => "first-byte",
        ClaudeRunPhase.ResultToEof => "result-to-eof",
        ClaudeRunPhase.ProcScan => "proc-scan",
        ClaudeRunPhase.RunLog => "run-log",
        _ => phase.ToString().ToLowerInvariant(),
    };
}
