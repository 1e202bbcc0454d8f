using Microsoft.Extensions.Options;

namespace Agent.Activities.SelfModification;

/// <summary>
/// Creates, finds and removes the worktrees tasks run in: one worktree on its own branch per task, under
/// <see cref="SelfModificationOptions.WorktreeRoot"/>. Every operation is idempotent, so a step repeated after a crash
/// finds what the first attempt left instead of failing.
/// </summary>
public sealed class TaskWorktrees(GitRepository repository, IOptions<SelfModificationOptions> options)
{
    private readonly SelfModificationOptions _options = options.Value;

    /// <summary>
    /// Creates the worktree of <paramref name="taskId"/> on branch <c>{prefix}{gap-slug}-{short-id}</c> from the tip of the
    /// target branch; returns the existing one when it is already there.
    /// </summary>
    /// <exception cref="NotAGitRepositoryException">The target is not a git repository; nothing was created.</exception>
    /// <exception cref="SelfModificationException">The target's HEAD is detached and no target branch is configured.</exception>
    public Task<TaskWorktree> CreateAsync(string targetRepository, string taskId, string gap, CancellationToken cancellationToken = default) =>
        CreateAtAsync(targetRepository, taskId, gap, null, cancellationToken);

    /// <summary>
    /// Like <see cref="CreateAsync"/>, but the new branch starts at <paramref name="startPoint"/> (a commit) instead of
    /// the target branch's tip — e.g. to measure a commit that is already merged.
    /// </summary>
    public async Task<TaskWorktree> CreateAtAsync(string targetRepository, string taskId, string gap, string? startPoint, CancellationToken cancellationToken = default)
    {
        var top = await repository.RequireTopLevelAsync(targetRepository, cancellationToken);
        var targetBranch = _options.TargetBranch is { Length: > 0 } configured ? configured
            : await repository.CurrentBranchAsync(top, cancellationToken)
              ?? throw new SelfModificationException($"The target '{top}' has a detached HEAD, so there is no branch to merge into; check out the main branch or set SelfModification:TargetBranch.");
        var branch = WorktreeNames.Branch(_options.BranchPrefix, gap, taskId);
        var path = Path.Combine(FolderFor(top), branch[_options.BranchPrefix.Length..]);
        var git = repository.Git;

        await git.RunAsync(top, ["worktree", "prune"], cancellationToken);
        var existing = (await repository.ListWorktreesAsync(top, cancellationToken)).FirstOrDefault(w => w.Branch == branch);
        if (existing is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (await repository.BranchExistsAsync(top, branch, cancellationToken))
                await git.RunAsync(top, ["worktree", "add", path, branch], cancellationToken);
            else
                await git.RunAsync(top, ["worktree", "add", "-b", branch, path, startPoint ?? targetBranch], cancellationToken);
        }
        else path = existing.Path;
        var baseCommit = await git.RunAsync(top, ["merge-base", targetBranch, branch], cancellationToken);
        return new TaskWorktree { TaskId = taskId, TargetRepository = top, Path = path, Branch = branch, TargetBranch = targetBranch, BaseCommit = baseCommit };
    }

    /// <summary>
    /// Removes the worktree and deletes its branch (unmerged work is dropped). Nothing of the target branch changes.
    /// Calling it again, or for a worktree a crash already half-removed, does nothing more.
    /// </summary>
    public async Task DiscardAsync(TaskWorktree worktree, CancellationToken cancellationToken = default)
    {
        var top = worktree.TargetRepository;
        var git = repository.Git;
        var listed = (await repository.ListWorktreesAsync(top, cancellationToken)).Any(w => SamePath(w.Path, worktree.Path));
        if (listed) await git.RunAsync(top, ["worktree", "remove", "--force", "--force", worktree.Path], cancellationToken);
        if (Directory.Exists(worktree.Path)) Directory.Delete(worktree.Path, recursive: true);
        await git.RunAsync(top, ["worktree", "prune"], cancellationToken);
        if (await repository.BranchExistsAsync(top, worktree.Branch, cancellationToken))
            await git.RunAsync(top, ["branch", "-D", worktree.Branch], cancellationToken);
    }

    /// <summary>
    /// Removes what a crash left behind: every worktree and branch with the task branch prefix whose task is not in
    /// <paramref name="keepTaskIds"/>. Call it on start; it is idempotent.
    /// </summary>
    /// <returns>The branches removed.</returns>
    public async Task<IReadOnlyList<string>> CleanupStaleAsync(string targetRepository, IEnumerable<string>? keepTaskIds = null, CancellationToken cancellationToken = default)
    {
        var top = await repository.RequireTopLevelAsync(targetRepository, cancellationToken);
        var keep = (keepTaskIds ?? []).Select(id => "-" + WorktreeNames.ShortId(id)).ToList();
        bool Stale(string branch) => branch.StartsWith(_options.BranchPrefix, StringComparison.Ordinal) && !keep.Any(k => branch.EndsWith(k, StringComparison.Ordinal));
        var git = repository.Git;
        await git.RunAsync(top, ["worktree", "prune"], cancellationToken);
        var removed = new List<string>();
        foreach (var entry in await repository.ListWorktreesAsync(top, cancellationToken))
        {
            if (entry.Branch is not { } branch || !Stale(branch) || SamePath(entry.Path, top)) continue;
            await git.RunAsync(top, ["worktree", "remove", "--force", "--force", entry.Path], cancellationToken);
            removed.Add(branch);
        }
        var refs = await git.RunAsync(top, ["for-each-ref", "--format=%(refname:short)", $"refs/heads/{_options.BranchPrefix}"], cancellationToken);
        foreach (var branch in refs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(Stale))
        {
            await git.RunAsync(top, ["branch", "-D", branch], cancellationToken);
            if (!removed.Contains(branch)) removed.Add(branch);
        }
        // Folders of worktrees git no longer knows (e.g. a crash between mkdir and 'worktree add').
        var folder = FolderFor(top);
        if (Directory.Exists(folder))
        {
            var known = (await repository.ListWorktreesAsync(top, cancellationToken)).Select(w => Path.GetFullPath(w.Path)).ToHashSet();
            foreach (var dir in Directory.GetDirectories(folder).Where(d => !known.Contains(Path.GetFullPath(d))))
                if (!keep.Any(k => dir.EndsWith(k, StringComparison.Ordinal))) Directory.Delete(dir, recursive: true);
        }
        return removed;
    }

    private string FolderFor(string top) => Path.Combine(Path.GetFullPath(_options.WorktreeRoot), GitRepository.FolderNameFor(top));

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);
}
