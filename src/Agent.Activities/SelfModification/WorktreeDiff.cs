namespace Agent.Activities.SelfModification;

/// <summary>How a file changed between the base commit and the worktree.</summary>
public enum FileChangeKind
{
    /// <summary>The file is new.</summary>
    Added,
    /// <summary>The file's content changed.</summary>
    Modified,
    /// <summary>The file was removed.</summary>
    Deleted,
    /// <summary>The file was moved (possibly with changes).</summary>
    Renamed,
}

/// <summary>
/// One changed file: its path (repository-relative, '/' separated), the path before a rename, the line counts, and —
/// for text files up to <see cref="WorktreeDiffReader.MaxContentBytes"/> — the content before and after (null when absent).
/// </summary>
public sealed record FileChange(string Path, string? OldPath, FileChangeKind Kind, int LinesAdded, int LinesDeleted, bool IsBinary)
{
    /// <summary>The content at the base commit; null for an added, binary or too large file.</summary>
    public string? Before { get; init; }

    /// <summary>The content in the worktree; null for a deleted, binary or too large file.</summary>
    public string? After { get; init; }
}

/// <summary>Everything a task changed in its worktree relative to its base commit.</summary>
public sealed record WorktreeDiff(IReadOnlyList<FileChange> Files, string Patch)
{
    /// <summary>Lines added plus lines deleted over every file.</summary>
    public int LinesChanged => Files.Sum(f => f.LinesAdded + f.LinesDeleted);

    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => Files.Count == 0;

    /// <summary>A one-line summary, e.g. <c>3 files changed, +12 -4</c>.</summary>
    public string Summary => $"{Files.Count} file{(Files.Count == 1 ? "" : "s")} changed, +{Files.Sum(f => f.LinesAdded)} -{Files.Sum(f => f.LinesDeleted)}";

    /// <summary>A git-like stat: one line per file, then the summary.</summary>
    public string Stat => string.Join('\n', Files.Select(f =>
        $" {(f.OldPath is null ? f.Path : $"{f.OldPath} => {f.Path}")} | {(f.IsBinary ? "binary" : $"+{f.LinesAdded} -{f.LinesDeleted}")} ({f.Kind.ToString().ToLowerInvariant()})").Append(" " + Summary));
}
