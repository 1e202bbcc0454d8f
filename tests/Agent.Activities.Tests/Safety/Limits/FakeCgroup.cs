namespace Agent.Activities.Tests.Safety.Limits;

/// <summary>A plain directory laid out like a cgroup v2 directory, for the cgroup logic this machine's kernel cannot run.</summary>
internal static class FakeCgroup
{
    /// <summary>Creates <paramref name="directory"/> with the interface files given (name → content).</summary>
    public static string Create(string directory, params (string File, string Content)[] files)
    {
        Directory.CreateDirectory(directory);
        foreach (var (file, content) in files) File.WriteAllText(Path.Combine(directory, file), content);
        return directory;
    }

    /// <summary>A delegated root with memory, pids and cpu enabled for its children and no processes of its own.</summary>
    public static string DelegatedRoot(string directory) => Create(directory,
        ("cgroup.controllers", "cpu memory pids\n"), ("cgroup.subtree_control", "cpu memory pids\n"), ("cgroup.type", "domain\n"), ("cgroup.procs", ""));
}
