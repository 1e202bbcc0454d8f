using Microsoft.Extensions.Options;

namespace Agent.Activities.SelfModification;

/// <summary>How a merge ended.</summary>
public enum MergeOutcome
{
    /// <summary>The task's commit is now the tip of the target branch.</summary>
    Merged,
    /// <summary>A commit with the task's <c>Agent-Task</c> trailer was already on the target branch; nothing changed.</summary>
    AlreadyMerged,
    /// <summary>The task's change does not apply on the target branch's tip; nothing changed.</summary>
    Conflict,
    /// <summary>Git refused to update the target (e.g. local changes in its checkout); nothing changed.</summary>
    Refused,
}

/// <summary>The result of a merge: how it ended, the commit on the target branch, and why when it did not merge.</summary>
public sealed record MergeResult(MergeOutcome Outcome, string? Commit, string? Reason = null);

/// <summary>
/// Puts a task's work on the target branch: one atomic commit per task, merged by fast-forward, idempotent through the
/// <c>Agent-Task</c> trailer, and reverted by a new commit when a check after the merge fails.
/// </summary>
/// <remarks>
/// Why fast-forward (after rebasing the task's single commit on the target tip) rather than a no-ff merge: the target
/// branch stays linear with exactly one commit per change, that commit carries the task's trailer (so "was this merged?"
/// is one log search and a revert is one <c>git revert</c>), and the branch only ever moves from one finished commit to
/// another — a ref update git does whole or not at all. A conflict is found while rebasing in the task's own worktree,
/// where aborting leaves the target branch untouched, so it is never half-merged.
/// </remarks>
public sealed class ChangeIntegrator(GitRepository repository, TaskWorktrees worktrees, IOptions<SelfModificationOptions> options)
{
    private readonly SelfModificationOptions _options = options.Value;

    /// <summary>
    /// Commits everything in the worktree as exactly one commit on the task branch (commits the task made itself are
    /// squashed into it), with the message built from <paramref name="request"/> and the configured author.
    /// </summary>
    /// <returns>The commit id.</returns>
    /// <exception cref="SelfModificationException">Nothing changed relative to the base commit.</exception>
    public async Task<string> CommitAsync(TaskWorktree worktree, CommitRequest request, CancellationToken cancellationToken = default)
    {
        var git = repository.Git;
        var message = CommitMessage.For(request);
        await git.RunAsync(worktree.Path, ["add", "-A"], cancellationToken);
        var unchanged = await git.TryRunAsync(worktree.Path, ["diff", "--cached", "--quiet", worktree.BaseCommit], cancellationToken);
        if (unchanged.Succeeded)
            throw new SelfModificationException($"Task '{worktree.TaskId}' changed nothing in '{worktree.Path}' relative to {worktree.BaseCommit[..8]}; there is nothing to commit.");
        // Keeps the index (all of the task's work) and drops any commits the task made, so one commit remains.
        await git.RunAsync(worktree.Path, ["reset", "--soft", worktree.BaseCommit], cancellationToken);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, message, cancellationToken);
            // Hooks of the target are not run: the validation gates decide what may be committed.
            await git.RunAsync(worktree.Path, [.. Identity(), "commit", "--no-verify", "--cleanup=verbatim", "-F", file], cancellationToken);
        }
        finally { File.Delete(file); }
        return await repository.ResolveAsync(worktree.Path, "HEAD", cancellationToken);
    }

    /// <summary>The commit on the target branch that carries this task's <c>Agent-Task</c> trailer, or null when it is not merged.</summary>
    public async Task<string?> FindMergedAsync(TaskWorktree worktree, CancellationToken cancellationToken = default)
    {
        var merged = await repository.FindCommitsWithTrailerAsync(worktree.TargetRepository, worktree.TargetBranch, CommitMessage.TaskTrailer, worktree.TaskId, cancellationToken);
        return merged.Count > 0 ? merged[0] : null;
    }

    /// <summary>
    /// Fast-forwards the target branch to the task's commit, rebasing it first when the target moved on. Does nothing
    /// and says <see cref="MergeOutcome.AlreadyMerged"/> when a commit with this task's trailer is already there.
    /// </summary>
    public async Task<MergeResult> MergeAsync(TaskWorktree worktree, CancellationToken cancellationToken = default)
    {
        var top = worktree.TargetRepository;
        var git = repository.Git;
        var merged = await repository.FindCommitsWithTrailerAsync(top, worktree.TargetBranch, CommitMessage.TaskTrailer, worktree.TaskId, cancellationToken);
        if (merged.Count > 0) return new MergeResult(MergeOutcome.AlreadyMerged, merged[0]);
        if (!await repository.BranchExistsAsync(top, worktree.Branch, cancellationToken))
            throw new SelfModificationException($"Task branch '{worktree.Branch}' does not exist (discarded?); there is nothing to merge.");

        var targetTip = await repository.ResolveAsync(top, worktree.TargetBranch, cancellationToken);
        var mergeBase = await git.RunAsync(top, ["merge-base", worktree.TargetBranch, worktree.Branch], cancellationToken);
        if (mergeBase != targetTip)
        {
            var rebase = await git.TryRunAsync(worktree.Path, [.. Identity(), "rebase", "--no-autostash", targetTip], cancellationToken);
            if (!rebase.Succeeded)
            {
                await git.TryRunAsync(worktree.Path, ["rebase", "--abort"], cancellationToken);
                return new MergeResult(MergeOutcome.Conflict, null, $"The change does not apply on {worktree.TargetBranch} ({targetTip[..8]}): {rebase.Output.Trim()} {rebase.Error.Trim()}".Trim());
            }
        }
        var commit = await repository.ResolveAsync(top, worktree.Branch, cancellationToken);
        var checkout = (await repository.ListWorktreesAsync(top, cancellationToken)).FirstOrDefault(w => w.Branch == worktree.TargetBranch);
        GitResult moved = checkout is not null
            // The branch is checked out: move it with its files; git refuses (changing nothing) if local edits would be overwritten.
            ? await git.TryRunAsync(checkout.Path, ["merge", "--ff-only", "--no-edit", commit], cancellationToken)
            // Not checked out anywhere: a compare-and-swap of the ref, so a concurrent move of the branch makes it fail.
            : await git.TryRunAsync(top, ["update-ref", $"refs/heads/{worktree.TargetBranch}", commit, targetTip], cancellationToken);
        return moved.Succeeded
            ? new MergeResult(MergeOutcome.Merged, commit)
            : new MergeResult(MergeOutcome.Refused, null, $"git did not move {worktree.TargetBranch}: {moved.Error.Trim()}");
    }

    /// <summary>
    /// Reverts a merged commit with a new commit on the target branch (carrying <c>Agent-Revert-Of</c>), built in its own
    /// worktree and fast-forwarded like a task. Reverting the same commit again does nothing and returns the first revert.
    /// </summary>
    public async Task<MergeResult> RevertAsync(string targetRepository, string commit, string reason, CancellationToken cancellationToken = default)
    {
        var top = await repository.RequireTopLevelAsync(targetRepository, cancellationToken);
        var full = await repository.ResolveAsync(top, commit, cancellationToken);
        var worktree = await worktrees.CreateAsync(top, full[..12], "revert", cancellationToken);
        try
        {
            var done = await repository.FindCommitsWithTrailerAsync(top, worktree.TargetBranch, CommitMessage.RevertTrailer, full, cancellationToken);
            if (done.Count > 0) return new MergeResult(MergeOutcome.AlreadyMerged, done[0]);
            var git = repository.Git;
            var revert = await git.TryRunAsync(worktree.Path, ["revert", "--no-commit", full], cancellationToken);
            if (!revert.Succeeded)
                return new MergeResult(MergeOutcome.Conflict, null, $"Commit {full[..8]} cannot be reverted cleanly: {revert.Error.Trim()}");
            var subject = await git.RunAsync(top, ["log", "-1", "--format=%s", full], cancellationToken);
            var message = $"agent: revert \"{subject}\"\n\n{reason}\n\n{CommitMessage.RevertTrailer}: {full}\n{CommitMessage.TaskTrailer}: {worktree.TaskId}\n";
            var file = Path.GetTempFileName();
            try
            {
                await File.WriteAllTextAsync(file, message, cancellationToken);
                await git.RunAsync(worktree.Path, [.. Identity(), "commit", "--no-verify", "--cleanup=verbatim", "-F", file], cancellationToken);
            }
            finally { File.Delete(file); }
            return await MergeAsync(worktree, cancellationToken);
        }
        finally { await worktrees.DiscardAsync(worktree, CancellationToken.None); }
    }

    private string[] Identity() =>
        ["-c", $"user.name={_options.AuthorName}", "-c", $"user.email={_options.AuthorEmail}", "-c", "commit.gpgsign=false"];
}
