using System.Globalization;

namespace Agent.Activities.Safety.Limits;

/// <summary>One reading of a process tree: processes alive, their resident memory, and the CPU time seen so far.</summary>
/// <param name="Processes">Live (non-zombie) processes in the tree, the root included.</param>
/// <param name="RssBytes">Resident memory summed over those processes.</param>
/// <param name="CpuTime">User + system time of every process ever seen in the tree (a process that exited keeps its last reading).</param>
/// <param name="Pids">The live processes.</param>
public sealed record TreeSample(int Processes, long RssBytes, TimeSpan CpuTime, IReadOnlyCollection<int> Pids);

/// <summary>
/// Samples a process tree from <c>/proc/*/stat</c>: parent links, state, rss and utime/stime. One sampler follows one
/// tree, remembering each process's last CPU reading so that time spent by children that already exited still counts.
/// </summary>
/// <remarks>
/// RSS is summed per process, so pages shared between processes count more than once: the figure errs on the side of
/// stopping. <c>/proc</c> reports times in USER_HZ, which is 100 on every Linux ABI.
/// </remarks>
public sealed class ProcessTreeSampler(int rootPid)
{
    private const double TicksPerSecond = 100;
    private static readonly long PageSize = Environment.SystemPageSize;
    private readonly Dictionary<int, long> _cpuTicks = [];
    private readonly HashSet<int> _everSeen = [];

    /// <summary>Reads the tree now; an empty sample once the root and all descendants are gone.</summary>
    public TreeSample Sample()
    {
        var stats = ProcStat.ReadAll();
        var children = ProcStat.Children(stats);
        // Start from the root and from every process seen before whose parent died: orphans are re-parented to init
        // (or a subreaper) but still belong to the tree we are limiting.
        var pending = new Stack<int>();
        pending.Push(rootPid);
        foreach (var pid in _everSeen) pending.Push(pid);
        var tree = new HashSet<int>();
        while (pending.TryPop(out var pid))
        {
            if (!stats.ContainsKey(pid) || !tree.Add(pid)) continue;
            if (children.TryGetValue(pid, out var kids)) foreach (var kid in kids) pending.Push(kid);
        }
        long rss = 0;
        var live = new List<int>();
        foreach (var pid in tree)
        {
            var stat = stats[pid];
            _everSeen.Add(pid);
            _cpuTicks[pid] = Math.Max(_cpuTicks.GetValueOrDefault(pid), stat.CpuTicks);
            if (stat.Exited) continue;
            live.Add(pid);
            rss += stat.RssPages * PageSize;
        }
        // A pid reused by an unrelated process would be picked up again: forget the ones that are gone.
        _everSeen.IntersectWith(tree);
        var cpu = TimeSpan.FromSeconds(_cpuTicks.Values.Sum() / TicksPerSecond);
        return new TreeSample(live.Count, rss, cpu, live);
    }
}
