using Microsoft.Extensions.Options;

namespace Agent.Activities.SelfModification;

/// <summary>
/// Creates, finds and removes the worktrees tasks run in: one worktree on its own branch per task, and throwaway
/// checkouts of a commit for measuring it — beside the target by default, or under
/// <see cref="SelfModificationOptions.WorktreeRoot"/>. Before it makes one it checks that the worktree will see the same
/// inherited build configuration as the target's own checkout (<see cref="InheritedBuildConfiguration"/>), so before and
/// after are measured alike. Every operation is idempotent, so a step repeated after a crash finds what the first
/// attempt left instead of failing.
/// </summary>
public sealed class TaskWorktrees(GitRepository repository, IOptions<SelfModificationOptions> options)
{
    private readonly SelfModificationOptions _options = options.Value;

    /// <summary>
    /// Creates the worktree of <paramref name="taskId"/> on branch <c>{prefix}{gap-slug}-{short-id}</c> from the tip of the
    /// target branch; returns the existing one when it is already there.
    /// </summary>
    /// <exception cref="NotAGitRepositoryException">The target is not a git repository; nothing was created.</exception>
    /// <exception cref="SelfModificationException">The target's HEAD is detached and no target branch is configured, or a
    /// worktree would inherit other build configuration than the target.</exception>
    public async Task<TaskWorktree> CreateAsync(string targetRepository, string taskId, string gap, CancellationToken cancellationToken = default)
    {
        var top = await repository.RequireTopLevelAsync(targetRepository, cancellationToken);
        var targetBranch = _options.TargetBranch is { Length: > 0 } configured ? configured
            : await repository.CurrentBranchAsync(top, cancellationToken)
              ?? throw new SelfModificationException($"The target '{top}' has a detached HEAD, so there is no branch to merge into; check out the main branch or set SelfModification:TargetBranch.");
        var branch = WorktreeNames.Branch(_options.BranchPrefix, gap, taskId);
        var path = Path.Combine(FolderFor(top), branch[_options.BranchPrefix.Length..]);
        RequireSameConfiguration(top, path);
        var git = repository.Git;

        await git.RunAsync(top, ["worktree", "prune"], cancellationToken);
        var existing = (await repository.ListWorktreesAsync(top, cancellationToken)).FirstOrDefault(w => w.Branch == branch);
        if (existing is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (await repository.BranchExistsAsync(top, branch, cancellationToken))
                await git.RunAsync(top, ["worktree", "add", path, branch], cancellationToken);
            else
                await git.RunAsync(top, ["worktree", "add", "-b", branch, path, targetBranch], cancellationToken);
        }
        else path = existing.Path;
        var baseCommit = await git.RunAsync(top, ["merge-base", targetBranch, branch], cancellationToken);
        return new TaskWorktree { TaskId = taskId, TargetRepository = top, Path = path, Branch = branch, TargetBranch = targetBranch, BaseCommit = baseCommit };
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a throwaway, detached checkout of <paramref name="commit"/> (named
    /// <c>{role}-{short id of taskId}</c>, beside the task worktrees), then removes the checkout whatever happens. Measuring
    /// a commit there measures it exactly as a task's worktree is measured.
    /// </summary>
    /// <exception cref="SelfModificationException">The checkout would inherit other build configuration than the target; nothing was created.</exception>
    public async Task<T> InCheckoutAsync<T>(string targetRepository, string taskId, string role, string commit, Func<string, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var top = await repository.RequireTopLevelAsync(targetRepository, cancellationToken);
        var path = Path.Combine(FolderFor(top), $"{WorktreeNames.Slug(role)}-{WorktreeNames.ShortId(taskId)}");
        RequireSameConfiguration(top, path);
        var git = repository.Git;
        await git.RunAsync(top, ["worktree", "prune"], cancellationToken);
        // A crash may have left this very checkout: start from a clean one.
        await RemoveCheckoutAsync(top, path, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await git.RunAsync(top, ["worktree", "add", "--detach", path, commit], cancellationToken);
        try
        {
            return await work(path);
        }
        finally
        {
            await RemoveCheckoutAsync(top, path, CancellationToken.None);
        }
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
        var folder = FolderFor(top);
        foreach (var entry in await repository.ListWorktreesAsync(top, cancellationToken))
        {
            if (SamePath(entry.Path, top)) continue;
            if (entry.Branch is null && IsInside(entry.Path, folder) && !keep.Any(k => entry.Path.EndsWith(k, StringComparison.Ordinal)))
            {
                // A throwaway checkout (InCheckoutAsync) a crash left behind.
                await git.RunAsync(top, ["worktree", "remove", "--force", "--force", entry.Path], cancellationToken);
                removed.Add(Path.GetFileName(entry.Path));
                continue;
            }
            if (entry.Branch is not { } branch || !Stale(branch)) continue;
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
        if (Directory.Exists(folder))
        {
            var known = (await repository.ListWorktreesAsync(top, cancellationToken)).Select(w => Path.GetFullPath(w.Path)).ToHashSet();
            foreach (var dir in Directory.GetDirectories(folder).Where(d => !known.Contains(Path.GetFullPath(d))))
                if (!keep.Any(k => dir.EndsWith(k, StringComparison.Ordinal))) Directory.Delete(dir, recursive: true);
        }
        return removed;
    }

    /// <summary>
    /// Where the worktrees of <paramref name="top"/> live: under <see cref="SelfModificationOptions.WorktreeRoot"/> when it
    /// is set, else beside the target in <c>.agent-worktrees/</c> — the one place whose inherited build configuration is
    /// always the target's own.
    /// </summary>
    public string FolderFor(string top)
    {
        if (_options.WorktreeRoot is { Length: > 0 } root) return Path.Combine(Path.GetFullPath(root), GitRepository.FolderNameFor(top));
        var parent = Path.GetDirectoryName(Path.GetFullPath(top).TrimEnd('/'))
            ?? throw new SelfModificationException($"The target '{top}' has no parent folder to put its worktrees beside; set SelfModification:WorktreeRoot to a folder outside any repository.");
        return Path.Combine(parent, BesideFolder, GitRepository.FolderNameFor(top));
    }

    /// <summary>The folder beside a target that holds its worktrees when no <see cref="SelfModificationOptions.WorktreeRoot"/> is set.</summary>
    public const string BesideFolder = ".agent-worktrees";

    /// <summary>
    /// Why worktrees of the repository at <paramref name="top"/> (its top-level folder) cannot be placed where they would
    /// go — they would inherit other build configuration than the target, or there is nowhere beside it — or null.
    /// </summary>
    public string? WhyNotPlaceable(string top)
    {
        try
        {
            var sample = Path.Combine(FolderFor(top), "task");
            return InheritedBuildConfiguration.WhyNotLike(top, sample) is { } why ? Explain(sample, why) : null;
        }
        catch (SelfModificationException e)
        {
            return e.Message;
        }
    }

    private static void RequireSameConfiguration(string top, string path)
    {
        if (InheritedBuildConfiguration.WhyNotLike(top, path) is { } why) throw new SelfModificationException(Explain(path, why));
    }

    private static string Explain(string path, string why) =>
        $"A worktree at '{path}' would not build and test as the target does: {why}. "
        + "Leave SelfModification:WorktreeRoot empty to put worktrees beside the target, or point it at a folder whose parents hold the same build configuration.";

    private async Task RemoveCheckoutAsync(string top, string path, CancellationToken cancellationToken)
    {
        if ((await repository.ListWorktreesAsync(top, cancellationToken)).Any(w => SamePath(w.Path, path)))
            await repository.Git.RunAsync(top, ["worktree", "remove", "--force", "--force", path], cancellationToken);
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        await repository.Git.RunAsync(top, ["worktree", "prune"], cancellationToken);
    }

    private static bool IsInside(string path, string folder) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(folder).TrimEnd('/') + "/", StringComparison.Ordinal);

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);
}
