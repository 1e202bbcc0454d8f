using System.Globalization;
using Agent.Activities.SelfModification;

namespace Agent.Activities.Coordination.Detection;

/// <summary>One hunk of one commit, with its lines normalized (trimmed, inner whitespace collapsed, blank lines dropped).</summary>
/// <param name="Commit">The commit's hash.</param>
/// <param name="At">Its committer time.</param>
/// <param name="File">The file, relative to the repository root.</param>
/// <param name="Removed">The removed lines, normalized, one per line.</param>
/// <param name="Added">The added lines, normalized, one per line.</param>
/// <param name="Position">The commit's place in its worktree's history, oldest 0: orders commits made within one second.</param>
public sealed record CommitHunk(string Commit, DateTimeOffset At, string File, string Removed, string Added, int Position = 0)
{
    /// <summary>Whether this is an uncommitted candidate change, which comes after every commit whatever the clocks say.</summary>
    public bool IsCandidate => Position == int.MaxValue;
}

/// <summary>
/// Reads the hunks of a worktree's latest commits (<c>git log -p -U0</c>, oldest first) and of its candidate change (the
/// uncommitted diff against HEAD) with the git CLI.
/// </summary>
public sealed class GitHunkHistory(DetectionGit detectionGit)
{
    private const char RecordSeparator = '\u001e';

    private readonly GitCli _git = detectionGit.Cli;

    /// <summary>The hunks of the latest <paramref name="maxCommits"/> non-merge commits of <paramref name="worktree"/>'s HEAD, oldest commit first.</summary>
    /// <exception cref="GitCommandException">git failed (the path is no repository, the history cannot be read).</exception>
    public async Task<IReadOnlyList<CommitHunk>> ReadAsync(string worktree, int maxCommits, CancellationToken cancellationToken)
    {
        var output = await _git.RunAsync(worktree,
            ["log", $"-n{maxCommits}", "--topo-order", "--no-merges", "--no-renames", "--no-color", "--no-ext-diff", "-p", "-U0", "--format=%x1e%H %ct", "HEAD"], cancellationToken);
        var hunks = new List<CommitHunk>();
        var position = 0;
        foreach (var record in output.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries).Reverse())
        {
            hunks.AddRange(Parse(record).Select(h => h with { Position = position }));
            position++;
        }
        return hunks;
    }

    /// <summary>
    /// The hunks of <paramref name="worktree"/>'s uncommitted changes to tracked files (its candidate diff), as one step
    /// named <c>candidate:&lt;agent&gt;</c> at <paramref name="now"/>, after every commit.
    /// </summary>
    public async Task<IReadOnlyList<CommitHunk>> ReadCandidateAsync(string worktree, string agentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var diff = await _git.RunAsync(worktree, ["diff", "HEAD", "--no-renames", "--no-color", "--no-ext-diff", "-U0"], cancellationToken);
        if (diff.Length == 0) return [];
        return [.. Parse($"candidate:{agentId} {now.ToUnixTimeSeconds()}\n{diff}").Select(h => h with { Position = int.MaxValue })];
    }

    /// <summary>The hunks of one commit's record (<c>hash time</c>, then its patch).</summary>
    internal static IEnumerable<CommitHunk> Parse(string record)
    {
        var lines = record.Split('\n');
        var header = lines[0].Trim().Split(' ');
        if (header.Length < 2) yield break;
        var at = DateTimeOffset.FromUnixTimeSeconds(long.Parse(header[1], CultureInfo.InvariantCulture));
        string? file = null;
        var inHunk = false;
        List<string> removed = [], added = [];
        foreach (var line in lines.Skip(1))
        {
            // File headers (---, +++) only come before a file's first @@, so inside a hunk a line starting with "---" is content.
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                if (Flush() is { } hunk) yield return hunk;
                inHunk = false;
                file = null;
            }
            else if (!inHunk && line.StartsWith("+++ ", StringComparison.Ordinal)) { if (line != "+++ /dev/null") file = StripPrefix(line[4..]); }
            else if (!inHunk && line.StartsWith("--- ", StringComparison.Ordinal)) { file ??= line == "--- /dev/null" ? null : StripPrefix(line[4..]); }
            else if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                if (Flush() is { } hunk) yield return hunk;
                inHunk = true;
            }
            else if (inHunk && line.StartsWith('-')) removed.Add(Normalize(line[1..]));
            else if (inHunk && line.StartsWith('+')) added.Add(Normalize(line[1..]));
        }
        if (Flush() is { } last) yield return last;

        CommitHunk? Flush()
        {
            var result = file is null ? null : new CommitHunk(header[0], at, file, Join(removed), Join(added));
            removed = [];
            added = [];
            // A whitespace-only change normalizes to nothing changed: it cannot be one side of a flip.
            return result is null || result.Removed == result.Added ? null : result;
        }
    }

    private static string StripPrefix(string path) => path.StartsWith("a/", StringComparison.Ordinal) || path.StartsWith("b/", StringComparison.Ordinal) ? path[2..] : path;

    private static string Join(List<string> lines) => string.Join("\n", lines.Where(l => l.Length > 0));

    private static string Normalize(string line) => string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
