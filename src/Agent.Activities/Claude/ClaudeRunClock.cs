using System.Diagnostics;

namespace Agent.Activities.Claude;

/// <summary>
/// Attributes a run's wall time to <see cref="ClaudeRunPhase"/>s: each <see cref="Mark"/> charges the time since the
/// previous mark to one phase, so the phases add up to the whole run. Only created when an observer listens; the runner
/// passes <c>null</c> otherwise, so a run without one pays nothing but null checks.
/// </summary>
internal sealed class ClaudeRunClock
{
    private long _last = Stopwatch.GetTimestamp();

    public ClaudeRunProfile Profile { get; } = new();

    /// <summary>Charges the time since the last mark to <paramref name="phase"/>.</summary>
    public void Mark(ClaudeRunPhase phase)
    {
        var now = Stopwatch.GetTimestamp();
        Profile.Add(phase, Stopwatch.GetElapsedTime(_last, now));
        _last = now;
    }

    /// <summary>Adds the time since <paramref name="since"/> to <paramref name="phase"/> without moving the mark (a phase nested in another).</summary>
    public void AddSince(ClaudeRunPhase phase, long since) => Profile.Add(phase, Stopwatch.GetElapsedTime(since));
}
