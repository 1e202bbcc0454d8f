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
        var stats = new Dictionary<int, Stat>();
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Read(pid) is not { } stat) continue;
            stats[pid] = stat;
            if (!children.TryGetValue(stat.ParentId, out var list)) children[stat.ParentId] = list = [];
            list.Add(pid);
        }
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
            if (stat.State is 'Z' or 'X') continue;
            live.Add(pid);
            rss += stat.RssPages * PageSize;
        }
        // A pid reused by an unrelated process would be picked up again: forget the ones that are gone.
        _everSeen.IntersectWith(tree);
        var cpu = TimeSpan.FromSeconds(_cpuTicks.Values.Sum() / TicksPerSecond);
        return new TreeSample(live.Count, rss, cpu, live);
    }

    private readonly record struct Stat(char State, int ParentId, long CpuTicks, long RssPages);

    private static Stat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length) return null;
        var f = text[(close + 2)..].Split(' ');
        // After comm: [0]=state [1]=ppid … [11]=utime [12]=stime … [21]=rss (fields 3, 4, 14, 15, 24 of proc(5)).
        if (f.Length < 22) return null;
        return long.TryParse(f[11], CultureInfo.InvariantCulture, out var utime) && long.TryParse(f[12], CultureInfo.InvariantCulture, out var stime)
            && int.TryParse(f[1], CultureInfo.InvariantCulture, out var ppid) && long.TryParse(f[21], CultureInfo.InvariantCulture, out var rss)
            ? new Stat(f[0][0], ppid, utime + stime, rss)
            : null;
    }
}
