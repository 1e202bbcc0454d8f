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
}

/// <summary>What the machine offers and what is used, for <c>agent doctor</c>.</summary>
/// <param name="Mechanism">What is used.</param>
/// <param name="PrlimitPath">The prlimit binary, when found.</param>
/// <param name="CgroupV2">What was found of cgroup v2 (for the operator; see the remarks of <see cref="LimitMechanismProbe"/>).</param>
public sealed record LimitMechanismReport(LimitMechanism Mechanism, string? PrlimitPath, string CgroupV2)
{
    /// <summary>One line for <c>agent doctor</c>.</summary>
    public string Describe() => Mechanism switch
    {
        LimitMechanism.PrlimitWatchdog => $"prlimit --cpu ({PrlimitPath}) + /proc watchdog (memory, processes, CPU, wall); cgroup v2: {CgroupV2}",
        LimitMechanism.Watchdog => $"/proc watchdog (memory, processes, CPU, wall), no prlimit found; cgroup v2: {CgroupV2}",
        _ => "none: limits are off (Safety:Limits:Enabled = false) or /proc is missing",
    };
}

/// <summary>Finds out which limit mechanism this machine supports.</summary>
/// <remarks>
/// cgroup v2 is only reported, not used: enforcing through it needs a delegated subtree whose own processes moved to a
/// leaf first (the "no internal processes" rule), which a plain user session rarely has. RLIMIT_AS is never used — .NET and
/// Node reserve large virtual ranges and fail under it — and RLIMIT_NPROC is per user (and ignored for root), so memory
/// and process counts are enforced by the watchdog over the process tree.
/// </remarks>
public sealed class LimitMechanismProbe
{
    private static readonly string[] PrlimitCandidates = ["/usr/bin/prlimit", "/bin/prlimit"];
    private static readonly string[] Needed = ["memory", "pids", "cpu"];

    /// <summary>Detects the mechanism; <paramref name="enabled"/> false reports <see cref="LimitMechanism.None"/>.</summary>
    public LimitMechanismReport Detect(bool enabled)
    {
        var cgroup = DescribeCgroupV2();
        if (!enabled || !OperatingSystem.IsLinux() || !Directory.Exists("/proc/self")) return new LimitMechanismReport(LimitMechanism.None, null, cgroup);
        var prlimit = PrlimitCandidates.FirstOrDefault(File.Exists);
        return new LimitMechanismReport(prlimit is null ? LimitMechanism.Watchdog : LimitMechanism.PrlimitWatchdog, prlimit, cgroup);
    }

    private static string DescribeCgroupV2()
    {
        if (!File.Exists("/proc/self/mountinfo")) return "not available (no /proc/self/mountinfo)";
        var mounts = File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(" - ", 2))
            .Where(parts => parts.Length == 2 && parts[1].StartsWith("cgroup2 ", StringComparison.Ordinal))
            .Select(parts => parts[0].Split(' ')[4])
            .ToList();
        if (mounts.Count == 0) return "not mounted (cgroup v1 only)";
        var described = mounts.Select(mount =>
        {
            var controllers = Path.Combine(mount, "cgroup.controllers");
            var present = File.Exists(controllers) ? File.ReadAllText(controllers).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            var missing = Needed.Except(present).ToList();
            return missing.Count == 0 ? $"{mount} has memory, pids and cpu (not used yet: the watchdog enforces)" : $"{mount} lacks the {string.Join('/', missing)} controller(s)";
        });
        return string.Join("; ", described);
    }
}
