namespace Agent.Activities.Learning.Verification;

/// <summary>Whether a repository's history holds a commit — the learning system's only question to git.</summary>
public interface ICommitHistory
{
    /// <summary>
    /// Null when <paramref name="commit"/> is on a branch of <paramref name="repository"/>; otherwise why not, in words
    /// (the repository is missing, the commit is unknown, or no branch contains it).
    /// </summary>
    Task<string?> WhyNotInHistoryAsync(string repository, string commit, CancellationToken cancellationToken);
}
