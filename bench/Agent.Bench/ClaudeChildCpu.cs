using System.Runtime.InteropServices;

namespace Agent.Bench;

/// <summary>
/// CPU time of this process's reaped children (<c>getrusage(RUSAGE_CHILDREN)</c>, user + system), so the Claude figures can
/// tell what a CLI run cost in CPU — which, unlike wall time, hardly moves with the machine's load. Runs are sequential,
/// so the difference across one run is that run's CLI (and anything it reaped).
/// </summary>
internal static partial class ClaudeChildCpu
{
    private const int RusageChildren = -1;

    /// <summary>Milliseconds of CPU all reaped children used so far; NaN where getrusage is not available (not Linux).</summary>
    public static double Milliseconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        return GetRusage(RusageChildren, out var usage) == 0 ? usage.UserTime.Milliseconds + usage.SystemTime.Milliseconds : double.NaN;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out Rusage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;

        public readonly double Milliseconds => Seconds * 1000.0 + Microseconds / 1000.0;
    }

    /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public TimeVal UserTime;
        public TimeVal SystemTime;
        public long MaxRss, Ixrss, Idrss, Isrss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVcsw, NIvcsw;
    }
}
