using System.Globalization;

namespace Agent.Activities.Safety.Limits;

/// <summary>The names of the limits, as <see cref="LimitBreach.Limit"/> and the <c>limit</c> field of events say them.</summary>
public static class LimitNames
{
    /// <summary>Resident memory of the tree.</summary>
    public const string Memory = "memory";
    /// <summary>CPU time of the tree.</summary>
    public const string Cpu = "cpu";
    /// <summary>Elapsed time.</summary>
    public const string Wall = "wall";
    /// <summary>Processes alive at once.</summary>
    public const string Processes = "processes";
    /// <summary>Size of a worktree.</summary>
    public const string Disk = "disk";
}

/// <summary>A limit that was hit: which one, the limit and what was measured, as one line for a person.</summary>
/// <param name="Limit">One of <see cref="LimitNames"/>.</param>
/// <param name="Message">E.g. <c>memory limit 512 MiB exceeded (peak RSS 530 MiB)</c>.</param>
public sealed record LimitBreach(string Limit, string Message)
{
    internal static LimitBreach Memory(long limitBytes, long usedBytes) =>
        new(LimitNames.Memory, $"memory limit {MiB(limitBytes)} MiB exceeded (peak RSS {MiB(usedBytes)} MiB)");

    internal static LimitBreach MemoryOomKilled(long limitBytes) =>
        new(LimitNames.Memory, $"memory limit {MiB(limitBytes)} MiB exceeded (the kernel's OOM killer ran in the process's cgroup)");

    internal static LimitBreach Cpu(TimeSpan limit, TimeSpan used) =>
        new(LimitNames.Cpu, $"CPU time limit {Seconds(limit)} s exceeded (used {Seconds(used)} s)");

    internal static LimitBreach Wall(TimeSpan limit) =>
        new(LimitNames.Wall, $"wall time limit {Seconds(limit)} s exceeded");

    internal static LimitBreach Processes(int limit, int count) =>
        new(LimitNames.Processes, $"process limit {limit} exceeded ({count} processes alive)");

    internal static LimitBreach ProcessesRefused(int limit, long refused) =>
        new(LimitNames.Processes, $"process limit {limit} reached (fork refused {refused} times)");

    internal static LimitBreach Disk(long limitBytes, long usedBytes, string folder) =>
        new(LimitNames.Disk, $"disk limit {MiB(limitBytes)} MiB exceeded ({folder} holds more than {MiB(usedBytes)} MiB)");

    private static string MiB(long bytes) => (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
