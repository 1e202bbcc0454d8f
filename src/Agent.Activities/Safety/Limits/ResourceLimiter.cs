using System.Globalization;
using Agent.Activities.Learning.Incidents;
using Agent.Activities.Safety.Events;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Limits;

/// <summary>A command ready to start under limits: what to execute (perhaps through prlimit) and the limits to watch.</summary>
/// <param name="FileName">The program to start.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Kind">The kind whose limits apply.</param>
/// <param name="Limits">Those limits.</param>
public sealed record LimitedCommand(string FileName, IReadOnlyList<string> Arguments, ProcessKind Kind, ProcessLimits Limits);

/// <summary>
/// The one seam every long-running child of the agent starts through (the Claude CLI, builds, tests, git, installs):
/// <see cref="Prepare"/> wraps the command in <c>prlimit --cpu</c> when available, <see cref="Watch"/> starts the
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

    /// <summary>
    /// Uses <paramref name="options"/>; breaches are published to <paramref name="sink"/> and recorded in the knowledge
    /// base's incidents (<paramref name="incidents"/>) when those are registered.
    /// </summary>
    public ResourceLimiter(IOptions<ResourceLimitOptions> options, LimitMechanismProbe probe, ISafetyEventSink? sink = null, IncidentStore? incidents = null)
    {
        _options = options.Value;
        _sink = sink;
        _incidents = incidents;
        Mechanism = probe.Detect(_options.Enabled);
    }

    /// <summary>What enforces the limits on this machine.</summary>
    public LimitMechanismReport Mechanism { get; }

    /// <summary>The limits of <paramref name="kind"/> (none when limits are off).</summary>
    public ProcessLimits LimitsFor(ProcessKind kind) => Mechanism.Mechanism == LimitMechanism.None ? new ProcessLimits() : _options.For(kind);

    /// <summary>
    /// The command to start for <paramref name="fileName"/> <paramref name="arguments"/>: through prlimit when a CPU limit
    /// is set and prlimit exists (prlimit execs the program, so the pid is the program's). A program that cannot be found
    /// on <paramref name="path"/> is left unwrapped, so starting it fails as it would without limits.
    /// </summary>
    public LimitedCommand Prepare(ProcessKind kind, string fileName, IReadOnlyList<string> arguments, string? path = null)
    {
        var limits = LimitsFor(kind);
        if (Mechanism is not { Mechanism: LimitMechanism.PrlimitWatchdog, PrlimitPath: { } prlimit } || limits.Cpu is not { } cpu
            || !IsStartable(fileName, path ?? Environment.GetEnvironmentVariable("PATH")))
            return new LimitedCommand(fileName, arguments, kind, limits);
        var soft = (long)Math.Ceiling(cpu.TotalSeconds);
        var wrapped = new List<string> { $"--cpu={soft.ToString(CultureInfo.InvariantCulture)}:{(soft + CpuHardLimitSlackSeconds).ToString(CultureInfo.InvariantCulture)}", "--", fileName };
        wrapped.AddRange(arguments);
        return new LimitedCommand(prlimit, wrapped, kind, limits);
    }

    /// <summary>Starts watching process <paramref name="pid"/> and its descendants; null when no limit applies.</summary>
    /// <param name="command">What was prepared for the process.</param>
    /// <param name="pid">The started process.</param>
    /// <param name="killTree">Kills the whole tree (the watchdog awaits it before it reports the breach).</param>
    public ResourceWatch? Watch(LimitedCommand command, int pid, Func<Task> killTree) =>
        Mechanism.Mechanism == LimitMechanism.None || !command.Limits.Any ? null : new ResourceWatch(pid, command.Limits, _options.SampleInterval, killTree);

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
