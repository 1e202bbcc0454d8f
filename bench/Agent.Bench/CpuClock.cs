using System.Runtime.InteropServices;

namespace Agent.Bench;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>; elsewhere falls back to wall time).
/// Sequential engine runs complete synchronously on one thread, so their thread CPU time is the work they did,
/// unlike wall time, which on a shared 2-core machine also counts time other processes held the CPU.
/// </summary>
public static partial class CpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec value);

    private static readonly bool Supported = OperatingSystem.IsLinux() && Probe();

    private static bool Probe()
    {
        try { return ClockGetTime(ClockThreadCpuTimeId, out _) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>True when <see cref="ThreadSeconds"/> measures CPU time rather than wall time.</summary>
    public static bool IsCpuTime => Supported;

    /// <summary>The calling thread's CPU time in seconds.</summary>
    public static double ThreadSeconds()
    {
        if (!Supported) return System.Diagnostics.Stopwatch.GetTimestamp() / (double)System.Diagnostics.Stopwatch.Frequency;
        ClockGetTime(ClockThreadCpuTimeId, out var t);
        return t.Seconds + t.Nanoseconds / 1e9;
    }
}
