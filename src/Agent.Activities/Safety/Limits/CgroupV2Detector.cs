using System.Runtime.InteropServices;

namespace Agent.Activities.Safety.Limits;

/// <summary>What was found of cgroup v2: the directory children get their cgroups under, or why there is none.</summary>
/// <param name="Root">The usable cgroup directory, or null when cgroup v2 cannot be used.</param>
/// <param name="Controllers">The controllers enabled for its children (memory, pids and perhaps cpu) when usable.</param>
/// <param name="Summary">For <c>agent doctor</c>: the directory and its controllers, or why cgroup v2 is not used.</param>
public sealed record CgroupV2Support(string? Root, IReadOnlyList<string> Controllers, string Summary)
{
    /// <summary>Whether child processes get a cgroup of their own.</summary>
    public bool Usable => Root is not null;

    /// <summary>Whether children may be given a CPU rate (<c>cpu.max</c>).</summary>
    public bool HasCpu => Controllers.Contains("cpu");

    internal static CgroupV2Support NotUsable(string why) => new(null, [], why);
}

/// <summary>
/// Finds a cgroup v2 directory the agent may create child cgroups in: <c>Safety:Limits:CgroupRoot</c> when set, else
/// the agent's own cgroup (<c>0::/path</c> of <c>/proc/self/cgroup</c> under the cgroup2 mount).
/// </summary>
/// <remarks>
/// A directory is usable when memory and pids are enabled for its children (<c>cgroup.subtree_control</c>) and the agent
/// may write it. When they are only available (<c>cgroup.controllers</c>) they are enabled here — unless the directory is
/// a non-root cgroup that holds processes: cgroup v2's "no internal processes" rule refuses that, which is the usual case
/// of an agent started from a login session, so it is explained instead of tried.
/// </remarks>
/// <param name="mountInfoPath">Where the mount table is read (a test points it elsewhere).</param>
/// <param name="selfCgroupPath">Where the agent's own cgroup is read.</param>
public sealed class CgroupV2Detector(string mountInfoPath = "/proc/self/mountinfo", string selfCgroupPath = "/proc/self/cgroup")
{
    private const int WriteAccess = 2;
    private static readonly string[] Required = ["memory", "pids"];
    private const string Hint = "delegate a cgroup to the agent (systemd: Delegate=yes with DelegateSubgroup=) and set Safety:Limits:CgroupRoot to it";

    /// <summary>Finds the directory to use; <paramref name="configuredRoot"/> (<c>Safety:Limits:CgroupRoot</c>) wins over detection.</summary>
    public CgroupV2Support Detect(string? configuredRoot)
    {
        if (!string.IsNullOrWhiteSpace(configuredRoot)) return Inspect(configuredRoot);
        if (!File.Exists(mountInfoPath)) return CgroupV2Support.NotUsable($"not available (no {mountInfoPath})");
        var mount = File.ReadLines(mountInfoPath)
            .Select(line => line.Split(" - ", 2))
            .Where(parts => parts.Length == 2 && parts[1].StartsWith("cgroup2 ", StringComparison.Ordinal))
            .Select(parts => parts[0].Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => (Root: fields[3], Point: fields[4]))
            .FirstOrDefault();
        if (mount.Point is null) return CgroupV2Support.NotUsable("not mounted (cgroup v1 only)");
        var own = File.Exists(selfCgroupPath)
            ? File.ReadLines(selfCgroupPath).FirstOrDefault(line => line.StartsWith("0::", StringComparison.Ordinal))?[3..]
            : null;
        if (own is null) return CgroupV2Support.NotUsable($"{mount.Point} is mounted but the agent has no cgroup v2 path in {selfCgroupPath}");
        // A mount of a sub-tree (a container without a cgroup namespace) shows the sub-tree's path as its root.
        if (mount.Root != "/" && own.StartsWith(mount.Root, StringComparison.Ordinal)) own = own[mount.Root.Length..];
        return Inspect(Path.Join(mount.Point, own.Trim('/')).TrimEnd('/'));
    }

    /// <summary>Whether <paramref name="directory"/> can hold the agent's child cgroups, enabling memory and pids (and cpu) when allowed.</summary>
    public CgroupV2Support Inspect(string directory)
    {
        if (!Directory.Exists(directory)) return CgroupV2Support.NotUsable($"{directory} does not exist; {Hint}");
        var controllersFile = Path.Combine(directory, "cgroup.controllers");
        var subtreeFile = Path.Combine(directory, "cgroup.subtree_control");
        if (!File.Exists(controllersFile) || !File.Exists(subtreeFile))
            return CgroupV2Support.NotUsable($"{directory} is not a cgroup v2 directory (no cgroup.controllers); {Hint}");
        var available = Words(controllersFile);
        var missing = Required.Except(available).ToList();
        if (missing.Count > 0)
            return CgroupV2Support.NotUsable($"{directory} lacks the {string.Join('/', missing)} controller(s) (cgroup.controllers: {Listed(available)}); {Hint}");
        if (!Writable(directory)) return CgroupV2Support.NotUsable($"{directory} is not writable by the agent; {Hint}");
        var wanted = available.Contains("cpu") ? Required.Append("cpu").ToList() : Required.ToList();
        var enabled = Words(subtreeFile);
        if (Required.Except(enabled).Any())
        {
            if (Enable(directory, Required.Except(enabled).ToList()) is { } why) return CgroupV2Support.NotUsable(why);
            enabled = [.. enabled.Union(Required)];
        }
        if (wanted.Contains("cpu") && !enabled.Contains("cpu") && Enable(directory, ["cpu"]) is null) enabled = [.. enabled, "cpu"];
        var controllers = wanted.Where(enabled.Contains).ToList();
        return new CgroupV2Support(directory, controllers, $"{directory}: {string.Join(", ", controllers)}");
    }

    /// <summary>Enables <paramref name="controllers"/> for the children of <paramref name="directory"/>; the reason it cannot, or null.</summary>
    private static string? Enable(string directory, IReadOnlyList<string> controllers)
    {
        var subtree = Path.Combine(directory, "cgroup.subtree_control");
        var listed = string.Join('/', controllers);
        // Only the real root has no cgroup.type; every other cgroup must be empty before it hands controllers to children.
        var processes = File.Exists(Path.Combine(directory, "cgroup.type")) ? Words(Path.Combine(directory, "cgroup.procs")).Count : 0;
        if (processes > 0)
            return $"{directory} holds {processes} process(es) (the agent's own cgroup?) and cgroup v2's \"no internal processes\" rule keeps it "
                + $"from enabling {listed} for child cgroups; move the agent into a leaf cgroup and enable +memory +pids in {subtree}, or {Hint}";
        if (!Writable(subtree)) return $"{subtree} does not enable {listed} and the agent may not write it; {Hint}";
        try
        {
            File.WriteAllText(subtree, string.Join(' ', controllers.Select(c => "+" + c)));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"enabling {listed} in {subtree} failed ({e.Message}); {Hint}";
        }
    }

    private static List<string> Words(string file)
    {
        try
        {
            return [.. File.ReadAllText(file).Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string Listed(IReadOnlyCollection<string> words) => words.Count == 0 ? "none" : string.Join(' ', words);

    private static bool Writable(string path) => !OperatingSystem.IsLinux() ? false : Access(path, WriteAccess) == 0;

    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    private static extern int Access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
