using System.Security.Cryptography;
using System.Text;

namespace Agent.Activities.SelfModification;

/// <summary>One worktree as <c>git worktree list --porcelain</c> reports it.</summary>
public sealed record GitWorktreeEntry(string Path, string? Head, string? Branch);

/// <summary>Facts about a target repository that several self-modification steps need.</summary>
public sealed class GitRepository(GitCli git)
{
    /// <summary>The git runner these facts come from.</summary>
    public GitCli Git { get; } = git;

    /// <summary>The repository's top-level folder.</summary>
    /// <exception cref="NotAGitRepositoryException">The path does not exist, is not inside a git repository, or has no commit yet.</exception>
    public async Task<string> RequireTopLevelAsync(string path, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new NotAGitRepositoryException(path ?? "", "no path was given");
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new NotAGitRepositoryException(full, "the folder does not exist");
        var top = await Git.TryRunAsync(full, ["rev-parse", "--show-toplevel"], cancellationToken);
        if (!top.Succeeded) throw new NotAGitRepositoryException(full, "git rev-parse found no repository");
        var root = top.Output.Trim();
        var head = await Git.TryRunAsync(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken);
        if (!head.Succeeded) throw new NotAGitRepositoryException(root, "it has no commit yet");
        return root;
    }

    /// <summary>The branch checked out in <paramref name="directory"/>, or null when HEAD is detached.</summary>
    public async Task<string?> CurrentBranchAsync(string directory, CancellationToken cancellationToken)
    {
        var result = await Git.TryRunAsync(directory, ["symbolic-ref", "--quiet", "--short", "HEAD"], cancellationToken);
        return result.Succeeded ? result.Output.Trim() : null;
    }

    /// <summary>The commit a revision names.</summary>
    public Task<string> ResolveAsync(string directory, string revision, CancellationToken cancellationToken) =>
        Git.RunAsync(directory, ["rev-parse", "--verify", $"{revision}^{{commit}}"], cancellationToken);

    /// <summary>True when <paramref name="directory"/> differs from <paramref name="baseCommit"/>: uncommitted or untracked files, or commits of its own.</summary>
    public async Task<bool> HasChangesSinceAsync(string directory, string baseCommit, CancellationToken cancellationToken)
    {
        if ((await Git.RunAsync(directory, ["status", "--porcelain", "--untracked-files=all"], cancellationToken)).Trim().Length > 0) return true;
        return !string.Equals((await ResolveAsync(directory, "HEAD", cancellationToken)).Trim(), baseCommit, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the local branch exists.</summary>
    public async Task<bool> BranchExistsAsync(string directory, string branch, CancellationToken cancellationToken) =>
        (await Git.TryRunAsync(directory, ["show-ref", "--verify", "--quiet", $"refs/heads/{branch}"], cancellationToken)).Succeeded;

    /// <summary>Every worktree of the repository, the main one first.</summary>
    public async Task<IReadOnlyList<GitWorktreeEntry>> ListWorktreesAsync(string topLevel, CancellationToken cancellationToken)
    {
        var text = await Git.RunAsync(topLevel, ["worktree", "list", "--porcelain"], cancellationToken);
        var entries = new List<GitWorktreeEntry>();
        foreach (var block in text.Replace("\r", "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? path = null, head = null, branch = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("worktree ", StringComparison.Ordinal)) path = line[9..];
                else if (line.StartsWith("HEAD ", StringComparison.Ordinal)) head = line[5..];
                else if (line.StartsWith("branch refs/heads/", StringComparison.Ordinal)) branch = line[18..];
            }
            if (path is not null) entries.Add(new GitWorktreeEntry(path, head, branch));
        }
        return entries;
    }

    /// <summary>The commits reachable from <paramref name="branch"/> whose trailer <paramref name="key"/> has exactly <paramref name="value"/>.</summary>
    public async Task<IReadOnlyList<string>> FindCommitsWithTrailerAsync(string topLevel, string branch, string key, string value, CancellationToken cancellationToken)
    {
        // --grep narrows the walk cheaply; the trailer is then compared exactly, so "abc" never matches "abc1".
        var text = await Git.RunAsync(topLevel,
            ["log", branch, "--fixed-strings", $"--grep={key}: {value}", $"--format=%H%x09%(trailers:key={key},valueonly,separator=%x2C)"], cancellationToken);
        var found = new List<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t');
            if (tab < 0) continue;
            var values = line[(tab + 1)..].Split(',', StringSplitOptions.TrimEntries);
            if (values.Contains(value, StringComparer.Ordinal)) found.Add(line[..tab]);
        }
        return found;
    }

    /// <summary>A folder name for a repository that is readable and unique per path.</summary>
    public static string FolderNameFor(string topLevel)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(topLevel)))[..8];
        return $"{WorktreeNames.Slug(System.IO.Path.GetFileName(topLevel))}-{hash}";
    }
}
