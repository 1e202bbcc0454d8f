namespace Agent.Activities.Safety.Limits;

/// <summary>How limits are enforced on this machine.</summary>
public enum LimitMechanism
{
    /// <summary>Limits are off (<c>Safety:Limits:Enabled</c> = false) or the machine has no <c>/proc</c>.</summary>
    None,
    /// <summary>A <c>/proc</c> watchdog (memory, processes, CPU, wall) without a kernel CPU backstop (no prlimit).</summary>
    Watchdog,
    /// <summary>The <c>/proc</c> watchdog plus <c>prlimit --cpu</c>, so the kernel stops a CPU runaway between samples.</summary>
    PrlimitWatchdog,
    /// <summary>
    /// A cgroup v2 per child (memory.max, pids.max, optionally cpu.max) enforced by the kernel, plus prlimit --cpu when found
    /// and the watchdog (wall, CPU time, and memory as a backstop).
    /// </summary>
    CgroupV2,
}

/// <summary>What the machine offers and what is used, for <c>agent doctor</c>.</summary>
/// <param name="Mechanism">What is used.</param>
/// <param name="PrlimitPath">The prlimit binary, when found.</param>
/// <param name="CgroupV2">What was found of cgroup v2: the directory and controllers in use, or why it is not used.</param>
/// <param name="Cgroup">The cgroup v2 directory children get their cgroups under, when <see cref="LimitMechanism.CgroupV2"/>.</param>
public sealed record LimitMechanismReport(LimitMechanism Mechanism, string? PrlimitPath, string CgroupV2, CgroupV2Support? Cgroup = null)
{
    /// <summary>One line for <c>agent doctor</c>.</summary>
    public string Describe() => Mechanism switch
    {
        LimitMechanism.CgroupV2 => $"cgroup v2 ({Cgroup?.Root}): {string.Join(", ", Cgroup?.Controllers ?? [])} + "
            + (PrlimitPath is null ? "" : $"prlimit --cpu ({PrlimitPath}) + ")
            + "/proc watchdog (wall, CPU; memory and processes as a backstop)",
        LimitMechanism.PrlimitWatchdog => $"prlimit --cpu ({PrlimitPath}) + /proc watchdog (memory, processes, CPU, wall); cgroup v2 not used: {CgroupV2}",
        LimitMechanism.Watchdog => $"/proc watchdog (memory, processes, CPU, wall), no prlimit found; cgroup v2 not used: {CgroupV2}",
        _ => "none: limits are off (Safety:Limits:Enabled = false) or /proc is missing",
    };
}

/// <summary>Finds out which limit mechanism this machine supports.</summary>
/// <remarks>
/// cgroup v2 is used when <see cref="CgroupV2Detector"/> finds a directory the agent may create child cgroups in (see its
/// remarks for the "no internal processes" rule). RLIMIT_AS is never used — .NET and Node reserve large virtual ranges
/// and fail under it — and RLIMIT_NPROC is per user (and ignored for root), so without cgroup v2 memory and process
/// counts are enforced by the watchdog over the process tree.
/// </remarks>
/// <param name="cgroups">Finds the cgroup v2 directory; the default reads this machine's <c>/proc</c>.</param>
public sealed class LimitMechanismProbe(CgroupV2Detector? cgroups = null)
{
    private static readonly string[] PrlimitCandidates = ["/usr/bin/prlimit", "/bin/prlimit"];
    private readonly CgroupV2Detector _cgroups = cgroups ?? new CgroupV2Detector();

    /// <summary>
    /// Detects the mechanism; <paramref name="enabled"/> false reports <see cref="LimitMechanism.None"/>.
    /// <paramref name="cgroupRoot"/> is <c>Safety:Limits:CgroupRoot</c> (null = the agent's own cgroup when it qualifies).
    /// </summary>
    public LimitMechanismReport Detect(bool enabled, string? cgroupRoot = null)
    {
        var linux = OperatingSystem.IsLinux() && Directory.Exists("/proc/self");
        // A disabled limiter must not enable controllers, so it only says what it would have found.
        var cgroup = linux && enabled ? _cgroups.Detect(cgroupRoot) : CgroupV2Support.NotUsable(linux ? "limits are off" : "not Linux");
        if (!enabled || !linux) return new LimitMechanismReport(LimitMechanism.None, null, cgroup.Summary);
        var prlimit = PrlimitCandidates.FirstOrDefault(File.Exists);
        if (cgroup.Usable) return new LimitMechanismReport(LimitMechanism.CgroupV2, prlimit, cgroup.Summary, cgroup);
        return new LimitMechanismReport(prlimit is null ? LimitMechanism.Watchdog : LimitMechanism.PrlimitWatchdog, prlimit, cgroup.Summary);
    }
}
