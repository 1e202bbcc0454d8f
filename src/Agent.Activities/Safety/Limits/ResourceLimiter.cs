using System.Globalization;
using Agent.Activities.Learning.Incidents;
using Agent.Activities.Safety.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Limits;

/// <summary>
/// A command ready to start under limits: what to execute (perhaps through a cgroup-joining shell and prlimit) and the
/// limits to watch. Dispose it (await) once the process has ended or failed to start: that removes its cgroup, if any.
/// </summary>
/// <param name="FileName">The program to start.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Kind">The kind whose limits apply.</param>
/// <param name="Limits">Those limits.</param>
public sealed record LimitedCommand(string FileName, IReadOnlyList<string> Arguments, ProcessKind Kind, ProcessLimits Limits) : IAsyncDisposable
{
    /// <summary>The cgroup the process joins before it execs, when cgroup v2 is in use.</summary>
    internal CgroupLeaf? Cgroup { get; init; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Cgroup?.RemoveAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// The one seam every long-running child of the agent starts through (the Claude CLI, builds, tests, git, installs):
/// <see cref="Prepare"/> gives the command a cgroup v2 of its own when the machine allows it and wraps it in
/// <c>prlimit --cpu</c> when available, <see cref="Watch"/> starts the
/// <c>/proc</c> watchdog that kills the tree on a breach, <see cref="ReportAsync"/> publishes the breach as a
/// <see cref="SafetyEventKinds.LimitBreached"/> event, and <see cref="CheckDiskAsync"/> holds worktrees to their quota.
/// </summary>
public sealed class ResourceLimiter
{
    /// <summary>Seconds between the soft CPU rlimit (SIGXCPU) and the hard one (SIGKILL), so a process may still exit cleanly.</summary>
    private const int CpuHardLimitSlackSeconds = 5;

    private readonly ResourceLimitOptions _options;
    private readonly ISafetyEventSink? _sink;
    private readonly IncidentStore? _incidents;
    private readonly WorktreeDiskMeter _disk = new();
    private readonly ILogger _logger;

    /// <summary>
    /// Uses <paramref name="options"/>; breaches are published to <paramref name="sink"/> and recorded in the knowledge
    /// base's incidents (<paramref name="incidents"/>) when those are registered.
    /// </summary>
    public ResourceLimiter(IOptions<ResourceLimitOptions> options, LimitMechanismProbe probe, ISafetyEventSink? sink = null, IncidentStore? incidents = null,
        ILogger<ResourceLimiter>? logger = null)
    {
        _options = options.Value;
        _sink = sink;
        _incidents = incidents;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Mechanism = probe.Detect(_options.Enabled, _options.CgroupRoot);
    }

    /// <summary>What enforces the limits on this machine.</summary>
    public LimitMechanismReport Mechanism { get; }

    /// <summary>The limits of <paramref name="kind"/> (none when limits are off).</summary>
    public ProcessLimits LimitsFor(ProcessKind kind) => Mechanism.Mechanism == LimitMechanism.None ? new ProcessLimits() : _options.For(kind);

    /// <summary>
    /// The command to start for <paramref name="fileName"/> <paramref name="arguments"/>: inside a cgroup of its own when
    /// cgroup v2 is in use (a shell joins it, then execs), through prlimit when a CPU limit is set and prlimit exists. Both
    /// exec the program, so the pid started is the program's. A program that cannot be found on <paramref name="path"/> is
    /// left unwrapped, so starting it fails as it would without limits.
    /// </summary>
    public LimitedCommand Prepare(ProcessKind kind, string fileName, IReadOnlyList<string> arguments, string? path = null)
    {
        var limits = LimitsFor(kind);
        if (Mechanism.Mechanism == LimitMechanism.None || !IsStartable(fileName, path ?? Environment.GetEnvironmentVariable("PATH")))
            return new LimitedCommand(fileName, arguments, kind, limits);
        var (file, args) = WithCpuLimit(fileName, arguments, limits);
        if (Mechanism.Cgroup is not { Root: { } root } cgroup || !limits.NeedsCgroup) return new LimitedCommand(file, args, kind, limits);
        var name = $"agent-{kind.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}";
        CgroupLeaf leaf;
        try
        {
            leaf = CgroupLeaf.Create(root, name, limits, cgroup.HasCpu);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The watchdog still enforces memory and processes; one failed mkdir should not fail the run.
            _logger.LogWarning("Could not create the cgroup {Cgroup} ({Error}); this {Kind} process runs under the watchdog only. Check Safety:Limits:CgroupRoot.",
                Path.Combine(root, name), e.Message, kind);
            return new LimitedCommand(file, args, kind, limits);
        }
        var (shell, wrapped) = leaf.Wrap(file, args);
        return new LimitedCommand(shell, wrapped, kind, limits) { Cgroup = leaf };
    }

    private (string FileName, IReadOnlyList<string> Arguments) WithCpuLimit(string fileName, IReadOnlyList<string> arguments, ProcessLimits limits)
    {
        if (Mechanism.PrlimitPath is not { } prlimit || limits.Cpu is not { } cpu) return (fileName, arguments);
        var soft = (long)Math.Ceiling(cpu.TotalSeconds);
        var wrapped = new List<string> { $"--cpu={soft.ToString(CultureInfo.InvariantCulture)}:{(soft + CpuHardLimitSlackSeconds).ToString(CultureInfo.InvariantCulture)}", "--", fileName };
        wrapped.AddRange(arguments);
        return (prlimit, wrapped);
    }

    /// <summary>Starts watching process <paramref name="pid"/> and its descendants; null when no limit applies.</summary>
    /// <param name="command">What was prepared for the process.</param>
    /// <param name="pid">The started process.</param>
    /// <param name="killTree">Kills the whole tree (the watchdog awaits it before it reports the breach).</param>
    public ResourceWatch? Watch(LimitedCommand command, int pid, Func<Task> killTree) =>
        Mechanism.Mechanism == LimitMechanism.None || (!command.Limits.Any && command.Cgroup is null)
            ? null
            : new ResourceWatch(pid, command.Limits, _options.SampleInterval, killTree, command.Cgroup);

    /// <summary>Publishes <paramref name="breach"/> of <paramref name="command"/> (a description of what ran) as an incident.</summary>
    public async Task ReportAsync(LimitBreach breach, ProcessKind kind, string command, string? workingDirectory, CancellationToken cancellationToken)
    {
        var summary = $"{kind.ToString().ToLowerInvariant()} process killed: {breach.Message}";
        if (_incidents is not null)
            await _incidents.RecordAsync(new IncidentReport(IncidentKinds.LimitBreached, $"{summary} ({command})", Repository: workingDirectory), cancellationToken);
        if (_sink is null) return;
        var data = new Dictionary<string, string>
        {
            ["limit"] = breach.Limit,
            ["kind"] = kind.ToString().ToLowerInvariant(),
            ["command"] = command,
            ["message"] = breach.Message,
            ["mechanism"] = Mechanism.Mechanism.ToString(),
        };
        if (workingDirectory is not null) data["workingDirectory"] = workingDirectory;
        await _sink.PublishAsync(SafetyEvent.Create(SafetyEventKinds.LimitBreached, "agent", summary, data), cancellationToken);
    }

    /// <summary>
    /// Measures <paramref name="worktree"/> against <c>Safety:Limits:WorktreeDiskMiB</c>; a breach is published and returned.
    /// </summary>
    /// <param name="worktree">The worktree (or any folder a child works in).</param>
    /// <param name="stage">When it is checked, for the event (e.g. <c>after claude run</c>).</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public async Task<LimitBreach?> CheckDiskAsync(string worktree, string stage, CancellationToken cancellationToken)
    {
        if (Mechanism.Mechanism == LimitMechanism.None || _options.WorktreeDiskMiB <= 0) return null;
        var limit = _options.WorktreeDiskMiB * 1024 * 1024;
        var used = await _disk.MeasureAsync(worktree, limit, cancellationToken);
        if (used <= limit) return null;
        var breach = LimitBreach.Disk(limit, used, worktree);
        await ReportAsync(breach, ProcessKind.Other, stage, worktree, cancellationToken);
        return breach;
    }

    private static bool IsStartable(string fileName, string? path)
    {
        if (fileName.Contains('/')) return File.Exists(fileName);
        return (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, fileName)));
    }
}
