namespace Agent.Activities.Assessment;

/// <summary>
/// Keeps what the technology tracker saw over time: each assessment's outdated and vulnerable packages of a target. The
/// learning system stores them in the knowledge base; without it nothing is kept.
/// </summary>
public interface IDependencyHistory
{
    /// <summary>Records the packages of <paramref name="target"/> seen at <paramref name="at"/>.</summary>
    Task RecordAsync(string target, IReadOnlyList<DependencyStatus> packages, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>What was seen of <paramref name="package"/> in <paramref name="target"/>, oldest first.</summary>
    Task<IReadOnlyList<(DateTimeOffset At, DependencyStatus Status)>> HistoryAsync(string target, string package, CancellationToken cancellationToken);
}
