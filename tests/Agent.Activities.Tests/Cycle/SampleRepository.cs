using System.Diagnostics;

namespace Agent.Activities.Tests.Cycle;

/// <summary>A copy of a sample from samples/ in a temp folder, made a git repository with one commit, as the main job does.</summary>
internal sealed class SampleRepository : IDisposable
{
    private SampleRepository(string path) => Path = path;

    public string Path { get; }

    /// <summary>The agent repository's root (the folder with Agent.sln above the test binaries).</summary>
    public static string AgentRoot { get; } = FindAgentRoot();

    public static SampleRepository Create(string sample)
    {
        var source = System.IO.Path.Combine(AgentRoot, "samples", sample);
        if (!Directory.Exists(source)) throw new DirectoryNotFoundException($"No sample '{sample}' in {System.IO.Path.Combine(AgentRoot, "samples")}.");
        var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "agent-cycle-tests", Guid.NewGuid().ToString("N"), sample);
        Copy(source, target);
        Git(target, "init", "-q", "-b", "main");
        Git(target, "add", "-A");
        Git(target, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "sample");
        return new SampleRepository(target);
    }

    /// <summary>An empty folder that is not a git repository.</summary>
    public static string CreatePlainFolder() =>
        Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "agent-cycle-tests", Guid.NewGuid().ToString("N"), "plain")).FullName;

    public string HeadCommit() => Git(Path, "rev-parse", "HEAD").Trim();

    public static string Git(string cwd, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync(); // read both at once, so neither pipe can fill and stall git
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error.Result}");
        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
        }
        catch (IOException)
        {
            // A build node may still hold a file for a moment; temp is cleaned by the OS.
        }
    }

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

    private static string FindAgentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Agent.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Agent.sln above {AppContext.BaseDirectory}.");
    }
}
