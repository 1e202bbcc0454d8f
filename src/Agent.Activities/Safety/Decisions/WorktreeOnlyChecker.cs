namespace Agent.Activities.Safety.Decisions;

/// <summary>
/// The change touches only files inside its worktree: every changed path is relative and stays inside it, and no file
/// the change leaves is a symbolic link leading outside it (a link is how a later step could write elsewhere).
/// </summary>
public sealed class WorktreeOnlyChecker : IPrincipleChecker
{
    /// <inheritdoc />
    public string Principle => PrincipleIds.WorktreeOnly;

    /// <inheritdoc />
    public Task<PrincipleResult> CheckAsync(DecisionSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Diff is null || subject.WorktreePath is null)
            return Task.FromResult(PrincipleResult.Pass(Principle, $"a {subject.Kind} decision changes no files"));
        var root = Path.GetFullPath(subject.WorktreePath).TrimEnd('/') + "/";
        var outside = new List<string>();
        foreach (var file in subject.Diff.Files)
        {
            foreach (var path in new[] { file.Path, file.OldPath }.OfType<string>())
            {
                var full = Path.GetFullPath(Path.Combine(root, path));
                if (Path.IsPathRooted(path) || !full.StartsWith(root, StringComparison.Ordinal)) { outside.Add($"'{path}' resolves outside the worktree"); continue; }
                if (new FileInfo(full) is { LinkTarget: { } link } && !Path.GetFullPath(link, Path.GetDirectoryName(full)!).StartsWith(root, StringComparison.Ordinal))
                    outside.Add($"'{path}' is a symbolic link to '{link}', outside the worktree");
            }
        }
        return Task.FromResult(outside.Count > 0
            ? PrincipleResult.Fail(Principle, DecisionOutcome.Deny, outside)
            : PrincipleResult.Pass(Principle, $"all {subject.Diff.Files.Count} changed path(s) are inside {subject.WorktreePath}"));
    }
}
