using System.Globalization;
using System.Runtime.InteropServices;

namespace Agent.Activities.Safety.Limits;

/// <summary>
/// The cgroup v2 of one child process (<c>&lt;root&gt;/agent-&lt;kind&gt;-&lt;guid&gt;</c>): created with its limits before the
/// start, joined by the process itself before it execs (<see cref="Wrap"/>), read for the limit the kernel enforced
/// (<see cref="ReadBreach"/>) and emptied and removed afterwards (<see cref="RemoveAsync"/>).
/// </summary>
/// <remarks>
/// The kernel refuses a fork over <c>pids.max</c> and runs the OOM killer inside the cgroup at <c>memory.max</c>, so neither
/// can be outrun between two watchdog samples. CPU time is not a cgroup limit (only a rate is), so it stays with prlimit
/// and the watchdog.
/// </remarks>
internal sealed class CgroupLeaf
{
    /// <summary>Period of <c>cpu.max</c>, in microseconds (the kernel's default).</summary>
    private const long CpuPeriodMicroseconds = 100_000;

    /// <summary>
    /// Joins the cgroup named by $1 and execs the rest: the process is in the cgroup before the command runs, so nothing it
    /// forks escapes. $$ is the shell's pid, which exec hands on to the command.
    /// </summary>
    internal const string JoinScript =
        "echo $$ > \"$1/cgroup.procs\" || { echo \"agent: could not join the cgroup $1; fix its permissions or unset Safety:Limits:CgroupRoot\" >&2; exit 126; }; shift; exec \"$@\"";

    private readonly ProcessLimits _limits;
    private readonly SemaphoreSlim _removal = new(1, 1);
    private bool _removed;

    private CgroupLeaf(string directory, ProcessLimits limits)
    {
        Directory = directory;
        _limits = limits;
    }

    /// <summary>The cgroup's directory.</summary>
    public string Directory { get; }

    /// <summary>
    /// Creates <paramref name="name"/> under <paramref name="root"/> and writes the limits: memory.max (and memory.swap.max = 0,
    /// memory.oom.group = 1 where the kernel has them), pids.max, and cpu.max when a CPU rate is set and <paramref name="cpu"/>
    /// says the controller is there. The directory is removed again when a write fails.
    /// </summary>
    public static CgroupLeaf Create(string root, string name, ProcessLimits limits, bool cpu)
    {
        var directory = Path.Combine(root, name);
        System.IO.Directory.CreateDirectory(directory);
        var leaf = new CgroupLeaf(directory, limits);
        try
        {
            if (limits.MemoryBytes is { } memory)
            {
                leaf.Write("memory.max", memory.ToString(CultureInfo.InvariantCulture));
                // Swap would let the tree grow past memory.max unseen; one OOM kill should end the whole tree, as a watchdog kill does.
                leaf.WriteIfPresent("memory.swap.max", "0");
                leaf.WriteIfPresent("memory.oom.group", "1");
            }
            if (limits.Processes is { } processes) leaf.Write("pids.max", processes.ToString(CultureInfo.InvariantCulture));
            if (cpu && limits.CpuRate is { } cores)
            {
                var quota = Math.Max(1000, (long)Math.Round(cores * CpuPeriodMicroseconds));
                leaf.Write("cpu.max", $"{quota.ToString(CultureInfo.InvariantCulture)} {CpuPeriodMicroseconds.ToString(CultureInfo.InvariantCulture)}");
            }
            return leaf;
        }
        catch
        {
            leaf.RemoveAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>The command that starts <paramref name="fileName"/> <paramref name="arguments"/> inside this cgroup.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) Wrap(string fileName, IReadOnlyList<string> arguments) =>
        ("/bin/sh", ["-c", JoinScript, "sh", Directory, fileName, .. arguments]);

    /// <summary>
    /// The limit the kernel enforced, from <c>memory.events</c> (an OOM kill) and <c>pids.events</c> (forks refused), or null.
    /// </summary>
    public LimitBreach? ReadBreach()
    {
        if (_limits.MemoryBytes is { } memory && Counter("memory.events", "oom_kill") > 0) return LimitBreach.MemoryOomKilled(memory);
        if (_limits.Processes is { } processes && Counter("pids.events", "max") is > 0 and var refused) return LimitBreach.ProcessesRefused(processes, refused);
        return null;
    }

    /// <summary>Kills every process still in the cgroup (all at once through <c>cgroup.kill</c> where the kernel has it).</summary>
    public void KillMembers()
    {
        var kill = Path.Combine(Directory, "cgroup.kill");
        if (File.Exists(kill) && TryWrite(kill, "1")) return;
        TreeKiller.KillAll(Members());
    }

    /// <summary>Kills what is left and removes the directory; safe to call more than once.</summary>
    public async ValueTask RemoveAsync()
    {
        await _removal.WaitAsync();
        try
        {
            if (_removed) return;
            for (var attempt = 0; ; attempt++)
            {
                if (!System.IO.Directory.Exists(Directory)) break;
                KillMembers();
                try
                {
                    // On cgroupfs rmdir ignores the interface files; it fails (EBUSY) until the killed processes are gone.
                    System.IO.Directory.Delete(Directory);
                    break;
                }
                catch (IOException) when (!IsCgroupFileSystem(Directory))
                {
                    // A plain directory laid out like a cgroup (the tests) holds real files.
                    System.IO.Directory.Delete(Directory, recursive: true);
                    break;
                }
                catch (IOException) when (attempt < 40)
                {
                    await Task.Delay(50);
                }
                catch (IOException)
                {
                    // Left behind (a process in uninterruptible sleep); an empty cgroup costs nothing and is named for the operator.
                    break;
                }
            }
            _removed = true;
        }
        finally
        {
            _removal.Release();
        }
    }

    /// <summary>Whether <paramref name="path"/> lies on a cgroup2 file system (statfs's f_type is CGROUP2_SUPER_MAGIC).</summary>
    internal static bool IsCgroupFileSystem(string path)
    {
        if (!OperatingSystem.IsLinux()) return false;
        // struct statfs starts with f_type, a word of the platform's size; 256 bytes hold the whole struct on every ABI.
        var buffer = new byte[256];
        if (StatFs(path, buffer) != 0) return false;
        var type = IntPtr.Size == 8 ? BitConverter.ToInt64(buffer, 0) : BitConverter.ToInt32(buffer, 0);
        return type == Cgroup2SuperMagic;
    }

    private const long Cgroup2SuperMagic = 0x63677270;

    [DllImport("libc", EntryPoint = "statfs", SetLastError = true)]
    private static extern int StatFs([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    /// <summary>
    /// The pids listed in cgroup.procs that really are in this cgroup: their <c>/proc/&lt;pid&gt;/cgroup</c> ends with this
    /// directory's unique name, so a pid that exited and was reused by an unrelated process is never killed.
    /// </summary>
    private IEnumerable<int> Members()
    {
        var name = "/" + Path.GetFileName(Directory);
        foreach (var line in ReadLines("cgroup.procs"))
        {
            if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string own;
            try
            {
                own = File.ReadLines($"/proc/{pid}/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal)) ?? "";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (own.TrimEnd().EndsWith(name, StringComparison.Ordinal)) yield return pid;
        }
    }

    private long Counter(string file, string key)
    {
        foreach (var line in ReadLines(file))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var value)) return value;
        }
        return 0;
    }

    private IEnumerable<string> ReadLines(string file)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(Directory, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private void Write(string file, string value) => File.WriteAllText(Path.Combine(Directory, file), value);

    private void WriteIfPresent(string file, string value)
    {
        var path = Path.Combine(Directory, file);
        if (File.Exists(path)) File.WriteAllText(path, value);
    }

    private static bool TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
