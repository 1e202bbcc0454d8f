namespace Agent.Activities.Safety.Limits;

/// <summary>What kind of child process is started; each kind has its own limits.</summary>
public enum ProcessKind
{
    /// <summary>Anything else: git, npm install, probes.</summary>
    Other,
    /// <summary>The Claude Code CLI.</summary>
    Claude,
    /// <summary>A test run (dotnet test, npm test, pytest…).</summary>
    Test,
    /// <summary>A build (dotnet build…).</summary>
    Build,
}

/// <summary>Hard limits on one child process and its whole tree; null or 0 = no limit.</summary>
public sealed class ProcessLimits
{
    /// <summary>Elapsed time from start to kill.</summary>
    public TimeSpan? WallTime { get; set; }

    /// <summary>CPU time (user + system) summed over the process tree.</summary>
    public TimeSpan? CpuTime { get; set; }

    /// <summary>Resident memory summed over the process tree, in MiB.</summary>
    [Range(0, 1024 * 1024)]
    public long? MemoryMiB { get; set; }

    /// <summary>Processes alive at once in the tree (the root included).</summary>
    [Range(0, 1_000_000)]
    public int? MaxProcesses { get; set; }

    /// <summary>
    /// CPU rate in cores (e.g. 1.5), enforced as the cgroup's <c>cpu.max</c>; only when cgroup v2 with the cpu controller is
    /// in use (a rate, unlike <see cref="CpuTime"/>, slows the tree down instead of killing it).
    /// </summary>
    [Range(0.0, 4096.0)]
    public double? CpuCores { get; set; }

    /// <summary>Whether any limit is set.</summary>
    public bool Any => Wall is not null || Cpu is not null || MemoryBytes is not null || Processes is not null;

    internal TimeSpan? Wall => WallTime is { } t && t > TimeSpan.Zero ? t : null;

    internal TimeSpan? Cpu => CpuTime is { } t && t > TimeSpan.Zero ? t : null;

    internal long? MemoryBytes => MemoryMiB is > 0 ? MemoryMiB.Value * 1024 * 1024 : null;

    internal int? Processes => MaxProcesses is > 0 ? MaxProcesses : null;

    internal double? CpuRate => CpuCores is > 0 ? CpuCores : null;

    /// <summary>Whether a cgroup would enforce something: memory, processes or a CPU rate.</summary>
    internal bool NeedsCgroup => MemoryBytes is not null || Processes is not null || CpuRate is not null;
}

/// <summary>
/// Resource limits on the child processes the agent starts (configuration section <c>Safety:Limits</c>). The defaults
/// are meant for a nightly run on a developer machine: generous enough for a real build and test suite, tight enough
/// that a runaway test or a fork bomb cannot take the machine down.
/// </summary>
public sealed class ResourceLimitOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Safety:Limits";

    /// <summary>Whether limits are applied at all; false runs children unwatched (not recommended).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Limits of the Claude Code CLI (its wall time is <c>Claude:DefaultTimeout</c> unless set here).</summary>
    public ProcessLimits Claude { get; set; } = new() { CpuTime = TimeSpan.FromHours(2), MemoryMiB = 4096, MaxProcesses = 512 };

    /// <summary>Limits of test runs.</summary>
    public ProcessLimits Test { get; set; } = new() { CpuTime = TimeSpan.FromHours(2), MemoryMiB = 4096, MaxProcesses = 1024 };

    /// <summary>Limits of builds.</summary>
    public ProcessLimits Build { get; set; } = new() { CpuTime = TimeSpan.FromHours(1), MemoryMiB = 4096, MaxProcesses = 1024 };

    /// <summary>Limits of every other child (git, package installs, probes).</summary>
    public ProcessLimits Other { get; set; } = new() { CpuTime = TimeSpan.FromMinutes(30), MemoryMiB = 2048, MaxProcesses = 512 };

    /// <summary>The most a task worktree may hold (its own files; the shared git objects are not counted), in MiB; 0 = no quota.</summary>
    [Range(0, 100 * 1024 * 1024)]
    public long WorktreeDiskMiB { get; set; } = 20 * 1024;

    /// <summary>
    /// A cgroup v2 directory the agent may create child cgroups in (delegated to it, e.g. by a systemd unit with
    /// <c>Delegate=yes</c>); unset = the agent's own cgroup when it qualifies. When none is usable, prlimit and the watchdog enforce.
    /// </summary>
    public string? CgroupRoot { get; set; }

    /// <summary>How often the watchdog samples a process tree from <c>/proc</c>.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The limits of <paramref name="kind"/>.</summary>
    public ProcessLimits For(ProcessKind kind) => kind switch
    {
        ProcessKind.Claude => Claude,
        ProcessKind.Test => Test,
        ProcessKind.Build => Build,
        _ => Other,
    };
}
