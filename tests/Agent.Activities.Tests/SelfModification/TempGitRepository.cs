using Agent.Activities.SelfModification;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.SelfModification;

/// <summary>A real git repository in a temporary folder (branch main, one commit), plus the services under test.</summary>
internal sealed class TempGitRepository : IDisposable
{
    public TempGitRepository()
    {
        Root = TempFolder.Create("agent-git-tests");
        Path_ = Path.Combine(Root, "target");
        Directory.CreateDirectory(Path_);
        Git("init", "-q", "-b", "main");
        Git("config", "user.name", "Human");
        Git("config", "user.email", "human@example.org");
        Write("src/Calc.cs", "public static class Calc { public static int Add(int a, int b) => a + b; }\n");
        Write("tests/CalcTests.cs", "public class CalcTests { void T() { Assert.AreEqual(3, Calc.Add(1, 2)); } }\n");
        Write("README.md", "# target\n");
        Git("add", "-A");
        Git("commit", "-q", "-m", "initial");
        Options = new SelfModificationOptions { WorktreeRoot = System.IO.Path.Combine(Root, "worktrees"), AuthorName = "Agent Bot", AuthorEmail = "bot@agent.test" };
        Repository = new GitRepository(new GitCli(TimeSpan.FromSeconds(30)));
        Worktrees = new TaskWorktrees(Repository, Microsoft.Extensions.Options.Options.Create(Options));
        Integrator = new ChangeIntegrator(Repository, Worktrees, Microsoft.Extensions.Options.Options.Create(Options));
        Diffs = new WorktreeDiffReader(Repository);
    }

    public string Root { get; }

    /// <summary>The repository's folder.</summary>
    public string Path_ { get; }

    public SelfModificationOptions Options { get; }
    public GitRepository Repository { get; }
    public TaskWorktrees Worktrees { get; }
    public ChangeIntegrator Integrator { get; }
    public WorktreeDiffReader Diffs { get; }

    public void Write(string relative, string content, string? folder = null)
    {
        var full = System.IO.Path.Combine(folder ?? Path_, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public string Read(string relative, string? folder = null) => File.ReadAllText(System.IO.Path.Combine(folder ?? Path_, relative));

    /// <summary>Runs git in the repository (or <paramref name="folder"/>) and returns its trimmed output; fails the test on a non-zero exit.</summary>
    public string Git(params string[] args) => GitIn(Path_, args);

    public static string GitIn(string folder, params string[] args) => TestGit.Run(folder, args).Trim();

    public void Dispose() => TempFolder.Delete(Root);
}
