using Agent.Workflows.Execution;

namespace Agent.Workflows.Tests.Engine;

[TestClass]
public sealed class RunClockTests
{
    [TestMethod]
    public void OnTheSystemClockATimestampTurnsIntoTheWallClockTimeItWasTakenAt()
    {
        var clock = new RunClock();
        var before = DateTimeOffset.UtcNow;
        var first = clock.TimeAt(TimeProvider.System, RunClock.Timestamp());
        Thread.Sleep(20);
        var second = clock.TimeAt(TimeProvider.System, RunClock.Timestamp());
        var after = DateTimeOffset.UtcNow;

        // The wall clock and the stopwatch may disagree by a clock tick; nothing more.
        var tick = TimeSpan.FromMilliseconds(2);
        Assert.IsTrue(first >= before - tick && second <= after + tick, $"{before:O} <= {first:O} <= {second:O} <= {after:O}");
        Assert.IsTrue(second - first >= TimeSpan.FromMilliseconds(19), $"20 ms apart, got {(second - first).TotalMilliseconds} ms");
    }

    [TestMethod]
    public void AfterASecondTheWallClockIsReadAgain()
    {
        var clock = new RunClock();
        var start = RunClock.Timestamp();
        clock.TimeAt(TimeProvider.System, start);
        // A timestamp more than a second past the anchor: the time comes from a fresh wall-clock reading.
        var later = start + 2 * System.Diagnostics.Stopwatch.Frequency;
        var at = clock.TimeAt(TimeProvider.System, later);
        var expected = DateTimeOffset.UtcNow + System.Diagnostics.Stopwatch.GetElapsedTime(RunClock.Timestamp(), later);
        Assert.IsTrue((at - expected).Duration() < TimeSpan.FromMilliseconds(50), $"{at:O} vs {expected:O}");
    }

    [TestMethod]
    public void AnotherTimeProviderIsReadAsItIs()
    {
        var manual = new ManualClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var clock = new RunClock();
        var started = RunClock.Timestamp();
        Assert.AreEqual(manual.GetUtcNow(), clock.TimeAt(manual, started));
        manual.Advance(TimeSpan.FromMinutes(5));
        Assert.AreEqual(manual.GetUtcNow(), clock.TimeAt(manual, RunClock.Timestamp()));
        Assert.AreEqual(manual.GetUtcNow(), RunClock.EndOf(manual, manual.GetUtcNow() - TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(3)));
    }
}
