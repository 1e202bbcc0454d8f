namespace Agent.Testing;

/// <summary>A copy of a sample from samples/ in a temp folder, made a git repository with one commit, as the main job does.</summary>
public sealed class SampleRepository : IDisposable
{
    private SampleRepository(string path) => Path = path;

    /// <summary>The repository's folder.</summary>
    public string Path { get; }

    /// <summary>A fresh repository of <c>samples/&lt;sample&gt;</c> in its own temp folder (removed on dispose).</summary>
    public static SampleRepository Create(string sample) =>
        new(CopyAsRepository(sample, System.IO.Path.Combine(TempFolder.Create("agent-cycle-tests"), sample)));

    /// <summary>
    /// Copies <c>samples/&lt;sample&gt;</c> to <paramref name="target"/> (without build output or installed packages) and makes
    /// it a git repository with one commit on main; returns <paramref name="target"/>.
    /// </summary>
    public static string CopyAsRepository(string sample, string target, string message = "sample")
    {
        var source = System.IO.Path.Combine(AgentRepository.Root, "samples", sample);
        if (!Directory.Exists(source)) throw new DirectoryNotFoundException($"No sample '{sample}' in {System.IO.Path.Combine(AgentRepository.Root, "samples")}.");
        Copy(source, target);
        return TestGit.InitWithCommit(target, message);
    }

    /// <summary>An empty folder that is not a git repository.</summary>
    public static string CreatePlainFolder() =>
        Directory.CreateDirectory(System.IO.Path.Combine(TempFolder.Create("agent-cycle-tests"), "plain")).FullName;

    public string HeadCommit() => TestGit.Head(Path);

    public void Dispose() => TempFolder.Delete(System.IO.Path.GetDirectoryName(Path)!);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from))
        {
            var name = System.IO.Path.GetFileName(dir);
            if (name is "bin" or "obj" or "node_modules" or "TestResults") continue;
            Copy(dir, System.IO.Path.Combine(to, name));
        }
    }
}
