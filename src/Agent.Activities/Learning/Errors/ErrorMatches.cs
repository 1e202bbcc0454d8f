namespace Agent.Activities.Learning.Errors;

/// <summary>A stored error.</summary>
public sealed record KnownError(long Id, string Kind, string Message, string Signature, string Source, int Occurrences, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

/// <summary>A stored solution with its track record.</summary>
public sealed record KnownSolution(long Id, long ErrorId, string Description, int SuccessCount, int FailureCount, bool WorkedForAgent, string? ExperienceId, DateTimeOffset CreatedAt)
{
    /// <summary>Success rate with one imagined success and one imagined failure added (Laplace), so a fix that worked
    /// once (2/3) ranks below one that worked nine times out of ten (10/12) and above an untried one (1/2).</summary>
    public double Score => (SuccessCount + 1.0) / (SuccessCount + FailureCount + 2.0);

    /// <summary>The merged commit that holds the fix.</summary>
    public string? CommitId { get; init; }

    /// <summary>The repository the fix was merged into.</summary>
    public string? Repository { get; init; }
}

/// <summary>Where a solution comes from: the merged commit that holds the fix, in the repository it was merged into.</summary>
/// <param name="CommitId">The commit on the target branch.</param>
/// <param name="Repository">The repository's full path.</param>
public sealed record SolutionOrigin(string CommitId, string? Repository);

/// <summary>How a stored error matched a looked-up one.</summary>
public enum ErrorMatchKind
{
    /// <summary>The same signature.</summary>
    Exact,
    /// <summary>A similar error: full-text rank and word overlap.</summary>
    Similar,
}

/// <summary>A stored error that matches a looked-up one, with its best solutions (best first).</summary>
/// <param name="Error">The stored error.</param>
/// <param name="Kind">Exact or similar.</param>
/// <param name="Solutions">Its best solutions, best first.</param>
/// <param name="Score">1 for an exact match; for a similar one half the word overlap (Jaccard) plus half the share of the
/// looked-up error's words it holds, rare words weighing more (see <see cref="ErrorDatabase"/>).</param>
public sealed record ErrorMatch(KnownError Error, ErrorMatchKind Kind, double Score, IReadOnlyList<KnownSolution> Solutions);
