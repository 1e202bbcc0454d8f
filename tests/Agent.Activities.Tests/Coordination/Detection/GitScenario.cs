namespace Agent.Activities.Tests.Coordination.Detection;

/// <summary>A real git repository (main, one commit) with worktrees for agents, each on its own branch.</summary>
internal sealed class GitScenario
{
    public GitScenario(string folder)
    {
        Repository = Path.Combine(folder, "repo");
        Directory.CreateDirectory(Path.Combine(Repository, "src"));
        File.WriteAllText(Path.Combine(Repository, "config.txt"), "name = calc\ntimeout = 10\nretries = 1\n");
        File.WriteAllText(Path.Combine(Repository, "src", "Calc.cs"), "public static class Calc { public static int Add(int a, int b) => a + b; }\n");
        File.WriteAllText(Path.Combine(Repository, "README.md"), "# calc\n");
        TestGit.InitWithCommit(Repository, "initial");
        Folder = folder;
    }

    public string Folder { get; }
    public string Repository { get; }

    /// <summary>A worktree for <paramref name="agent"/> on a new branch of the same name, from main.</summary>
    public string Worktree(string agent)
    {
        var path = Path.Combine(Folder, "worktrees", agent);
        TestGit.Run(Repository, "worktree", "add", "-q", "-b", agent, path, "main");
        return path;
    }

    /// <summary>Replaces <paramref name="from"/> by <paramref name="to"/> in <paramref name="file"/> of <paramref name="worktree"/> and commits it.</summary>
    public static void CommitEdit(string worktree, string file, string from, string to, string message)
    {
        Edit(worktree, file, from, to);
        TestGit.CommitAll(worktree, message);
    }

    /// <summary>Replaces <paramref name="from"/> by <paramref name="to"/> in <paramref name="file"/>, uncommitted.</summary>
    public static void Edit(string worktree, string file, string from, string to)
    {
        var path = Path.Combine(worktree, file);
        var text = File.ReadAllText(path);
        if (!text.Contains(from, StringComparison.Ordinal)) throw new InvalidOperationException($"{file} in {worktree} has no '{from}'");
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>Brings <paramref name="branch"/>'s commits into <paramref name="worktree"/> (fast-forward).</summary>
    public static void Take(string worktree, string branch) => TestGit.Run(worktree, "merge", "-q", "--ff-only", branch);
}
