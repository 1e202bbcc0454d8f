using System.Globalization;

namespace Agent.Activities.Safety.Limits;

/// <summary>
/// The fields of <c>/proc/&lt;pid&gt;/stat</c> the agent reads to follow and limit process trees: state, parent, CPU
/// ticks (utime + stime, in USER_HZ) and resident pages.
/// </summary>
internal readonly record struct ProcStat(char State, int ParentId, long CpuTicks, long RssPages)
{
    /// <summary>Whether the process has exited (a zombie only waits to be reaped).</summary>
    public bool Exited => State is 'Z' or 'X';

    /// <summary>The stat of <paramref name="pid"/>, or null when it is gone or unreadable.</summary>
    public static ProcStat? Read(int pid)
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
            ? new ProcStat(f[0][0], ppid, utime + stime, rss)
            : null;
    }

    /// <summary>Every readable process now, by pid.</summary>
    public static Dictionary<int, ProcStat> ReadAll()
    {
        var all = new Dictionary<int, ProcStat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat) all[pid] = stat;
        }
        return all;
    }

    /// <summary>The children of each parent in <paramref name="stats"/>.</summary>
    public static Dictionary<int, List<int>> Children(IReadOnlyDictionary<int, ProcStat> stats)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var (pid, stat) in stats)
        {
            if (!children.TryGetValue(stat.ParentId, out var list)) children[stat.ParentId] = list = [];
            list.Add(pid);
        }
        return children;
    }
}
