using Agent.Activities.Learning.Verification;

namespace Agent.Activities.SelfModification;

/// <summary><see cref="ICommitHistory"/> through the git CLI: the commit exists and a local branch contains it.</summary>
public sealed class GitCommitHistory(GitCli git) : ICommitHistory
{
    /// <inheritdoc />
    public async Task<string?> WhyNotInHistoryAsync(string repository, string commit, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(repository)) return $"the repository '{repository}' does not exist any more";
        if (!(await git.TryRunAsync(repository, ["rev-parse", "--git-dir"], cancellationToken).ConfigureAwait(false)).Succeeded)
            return $"'{repository}' is not a git repository any more";
        if (!(await git.TryRunAsync(repository, ["cat-file", "-e", commit + "^{commit}"], cancellationToken).ConfigureAwait(false)).Succeeded)
            return $"commit {commit} is not in '{repository}'";
        var branches = await git.TryRunAsync(repository, ["for-each-ref", "--contains", commit, "--format=%(refname:short)", "refs/heads"], cancellationToken).ConfigureAwait(false);
        return branches.Succeeded && branches.Output.Trim().Length > 0 ? null : $"commit {commit} is on no branch of '{repository}'";
    }
}
