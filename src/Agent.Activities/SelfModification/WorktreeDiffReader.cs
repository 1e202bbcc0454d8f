using System.Globalization;

namespace Agent.Activities.SelfModification;

/// <summary>
/// Reads what a task changed: everything in the worktree (staged, unstaged, untracked, and commits the task made)
/// compared with its base commit, with renames detected.
/// </summary>
public sealed class WorktreeDiffReader(GitRepository repository)
{
    /// <summary>Files larger than this (bytes) are listed without their content.</summary>
    public const int MaxContentBytes = 1_000_000;

    /// <summary>Reads the diff of <paramref name="worktree"/> against its base commit.</summary>
    public async Task<WorktreeDiff> ReadAsync(TaskWorktree worktree, CancellationToken cancellationToken = default)
    {
        var git = repository.Git;
        var dir = worktree.Path;
        // Staging everything makes untracked files visible to 'diff --cached'; the commit stages the same set anyway.
        await git.RunAsync(dir, ["add", "-A"], cancellationToken);
        string[] common = ["-c", "core.quotepath=false", "diff", "--cached", "-M", "--no-ext-diff"];
        var numstat = await git.RunAsync(dir, [.. common, "--numstat", "-z", worktree.BaseCommit], cancellationToken);
        var nameStatus = await git.RunAsync(dir, [.. common, "--name-status", "-z", worktree.BaseCommit], cancellationToken);
        var patch = await git.RunAsync(dir, [.. common, worktree.BaseCommit], cancellationToken);

        var counts = ParseNumstat(numstat);
        var files = new List<FileChange>();
        foreach (var (status, oldPath, path) in ParseNameStatus(nameStatus))
        {
            var kind = status[0] switch { 'A' => FileChangeKind.Added, 'D' => FileChangeKind.Deleted, 'R' => FileChangeKind.Renamed, _ => FileChangeKind.Modified };
            var (added, deleted, binary) = counts.GetValueOrDefault(path, (0, 0, false));
            var change = new FileChange(path, oldPath, kind, added, deleted, binary);
            if (!binary)
            {
                change = change with
                {
                    Before = kind == FileChangeKind.Added ? null : await ShowAsync(dir, worktree.BaseCommit, oldPath ?? path, cancellationToken),
                    After = kind == FileChangeKind.Deleted ? null : ReadWorktreeFile(dir, path),
                };
            }
            files.Add(change);
        }
        return new WorktreeDiff(files, patch);
    }

    private async Task<string?> ShowAsync(string dir, string commit, string path, CancellationToken cancellationToken)
    {
        var result = await repository.Git.TryRunAsync(dir, ["show", $"{commit}:{path}"], cancellationToken);
        return result.Succeeded && result.Output.Length <= MaxContentBytes ? result.Output : null;
    }

    private static string? ReadWorktreeFile(string dir, string path)
    {
        var full = Path.Combine(dir, path);
        var info = new FileInfo(full);
        return info.Exists && info.Length <= MaxContentBytes ? File.ReadAllText(full) : null;
    }

    // -z numstat: "added\tdeleted\tpath\0", or for a rename "added\tdeleted\t\0old\0new\0".
    private static Dictionary<string, (int, int, bool)> ParseNumstat(string text)
    {
        var result = new Dictionary<string, (int, int, bool)>(StringComparer.Ordinal);
        var parts = text.Split('\0');
        for (var i = 0; i < parts.Length; i++)
        {
            var fields = parts[i].TrimStart('\n').Split('\t');
            if (fields.Length < 3) continue;
            var path = fields[2];
            if (path.Length == 0 && i + 2 < parts.Length) { path = parts[i + 2]; i += 2; }
            var binary = fields[0] == "-";
            result[path] = (binary ? 0 : int.Parse(fields[0], CultureInfo.InvariantCulture), binary ? 0 : int.Parse(fields[1], CultureInfo.InvariantCulture), binary);
        }
        return result;
    }

    // -z name-status: "M\0path\0", "R100\0old\0new\0".
    private static IEnumerable<(string Status, string? OldPath, string Path)> ParseNameStatus(string text)
    {
        var parts = text.Split('\0');
        for (var i = 0; i + 1 < parts.Length; i++)
        {
            var status = parts[i].Trim();
            if (status.Length == 0) continue;
            if (status[0] is 'R' or 'C' && i + 2 < parts.Length) { yield return (status, parts[i + 1], parts[i + 2]); i += 2; }
            else { yield return (status, null, parts[i + 1]); i += 1; }
        }
    }
}
