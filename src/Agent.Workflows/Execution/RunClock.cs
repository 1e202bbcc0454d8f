using System.Diagnostics;

namespace Agent.Workflows.Execution;

/// <summary>
/// The time readings of one run. On the system clock a step boundary is read once, as a stopwatch timestamp, and that
/// one reading gives both the step's duration and its wall-clock time: reading the wall clock and the stopwatch
/// separately, before and after every activity and again for the commit, was four clock reads per activity.
/// </summary>
/// <remarks>
/// Wall-clock times are the last wall-clock reading (the anchor) plus the stopwatch's distance from it; the anchor is
/// read again once a second has passed, so a clock adjustment shows within a second. Any other
/// <see cref="TimeProvider"/> (a test's hand-moved clock) does not tick with the stopwatch, so it is read every time,
/// as it was before.
/// </remarks>
internal struct RunClock
{
    private DateTimeOffset _anchorTime;
    private long _anchorTimestamp;
    private bool _anchored;

    /// <summary>A stopwatch reading, for durations and <see cref="TimeAt"/>.</summary>
    public static long Timestamp() => Stopwatch.GetTimestamp();

    /// <summary>The time between two <see cref="Timestamp"/>s.</summary>
    public static TimeSpan Elapsed(long from, long to) => Stopwatch.GetElapsedTime(from, to);

    /// <summary>The wall-clock time of <paramref name="timestamp"/>, a <see cref="Timestamp"/> taken just now.</summary>
    public DateTimeOffset TimeAt(TimeProvider clock, long timestamp)
    {
        if (!ReferenceEquals(clock, TimeProvider.System)) return clock.GetUtcNow();
        if (!_anchored || timestamp - _anchorTimestamp > Stopwatch.Frequency)
        {
            _anchorTimestamp = Stopwatch.GetTimestamp();
            _anchorTime = clock.GetUtcNow();
            _anchored = true;
        }
        return _anchorTime + Stopwatch.GetElapsedTime(_anchorTimestamp, timestamp);
    }

    /// <summary>When a step that started at <paramref name="startedAt"/> and took <paramref name="elapsed"/> ended.</summary>
    public static DateTimeOffset EndOf(TimeProvider clock, DateTimeOffset startedAt, TimeSpan elapsed) =>
        ReferenceEquals(clock, TimeProvider.System) ? startedAt + elapsed : clock.GetUtcNow();
}
