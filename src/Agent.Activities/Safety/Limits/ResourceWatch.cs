using System.Diagnostics;

namespace Agent.Activities.Safety.Limits;

/// <summary>
/// The watchdog of one running process tree: samples it every interval and, on the first limit exceeded, kills the
/// whole tree and remembers which limit it was. Dispose it (await) when the process has ended.
/// </summary>
public sealed class ResourceWatch : IAsyncDisposable
{
    /// <summary>The exit code .NET reports for a process killed by SIGXCPU (128 + 24), which RLIMIT_CPU sends.</summary>
    private const int CpuSignalExitCode = 128 + 24;

    private readonly ProcessLimits _limits;
    private readonly Func<Task> _killTree;
    private readonly CgroupLeaf? _cgroup;
    private readonly ProcessTreeSampler _sampler;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<LimitBreach> _breached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private IReadOnlyCollection<int> _lastPids = [];
    private bool _disposed;

    internal ResourceWatch(int pid, ProcessLimits limits, TimeSpan interval, Func<Task> killTree, CgroupLeaf? cgroup = null)
    {
        _limits = limits;
        _cgroup = cgroup;
        _killTree = killTree;
        _sampler = new ProcessTreeSampler(pid);
        _loop = Task.Run(() => RunAsync(interval));
    }

    /// <summary>The limit that was hit, or null while none was.</summary>
    public LimitBreach? Breach { get; private set; }

    /// <summary>Completes once a limit was hit and the tree was killed.</summary>
    public Task<LimitBreach> Breached => _breached.Task;

    /// <summary>The most resident memory the tree held at one sample.</summary>
    public long PeakRssBytes { get; private set; }

    /// <summary>The most processes alive at one sample.</summary>
    public int PeakProcesses { get; private set; }

    /// <summary>
    /// Stops watching and returns the breach, if any. <paramref name="exitCode"/> lets a process the kernel killed for its
    /// CPU rlimit (SIGXCPU, set by prlimit) count as a CPU breach even when it died between two samples; a cgroup's
    /// <c>memory.events</c> and <c>pids.events</c> tell an OOM kill or refused forks the watchdog did not see. Leftovers
    /// in the cgroup are then killed and the cgroup removed.
    /// </summary>
    public async Task<LimitBreach?> FinishAsync(int? exitCode)
    {
        await StopAsync();
        if (Breach is null && exitCode == CpuSignalExitCode && _limits.Cpu is { } cpu)
            Breach = LimitBreach.Cpu(cpu, cpu);
        Breach ??= _cgroup?.ReadBreach();
        await DisposeAsync();
        return Breach;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_cgroup is not null) await _cgroup.RemoveAsync();
    }

    private async Task StopAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }
        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            if (Check() is not { } breach) continue;
            Breach = breach;
            // Frozen first (a shell in a fork loop would otherwise leave children forked during the kill as orphans), then
            // killed before anyone hears of it, so whoever awaits Breached finds the tree gone.
            var frozen = TreeKiller.Freeze(_sampler);
            TreeKiller.KillAll(frozen);
            await _killTree();
            // Orphans re-parented away from the root escape a tree walk from it; the last sample still names them.
            TreeKiller.KillAll(_lastPids);
            _cgroup?.KillMembers();
            _breached.TrySetResult(breach);
            return;
        }
        while (await timer.WaitForNextTickAsync(_stop.Token));
    }

    private LimitBreach? Check()
    {
        if (_limits.Wall is { } wall && _elapsed.Elapsed > wall) return LimitBreach.Wall(wall);
        var sample = _sampler.Sample();
        _lastPids = sample.Pids;
        PeakRssBytes = Math.Max(PeakRssBytes, sample.RssBytes);
        PeakProcesses = Math.Max(PeakProcesses, sample.Processes);
        if (_limits.MemoryBytes is { } memory && sample.RssBytes > memory) return LimitBreach.Memory(memory, sample.RssBytes);
        if (_limits.Processes is { } processes && sample.Processes > processes) return LimitBreach.Processes(processes, sample.Processes);
        if (_limits.Cpu is { } cpu && sample.CpuTime > cpu) return LimitBreach.Cpu(cpu, sample.CpuTime);
        return null;
    }
}
