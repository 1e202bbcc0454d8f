using System.Linq.Expressions;

namespace Agent.Activities.Learning.Persistence;

/// <summary>
/// What counts as verified knowledge, in one place for the SQL and the LINQ readers: a solution is usable when it links
/// to the merged commit that holds it and was not quarantined; an attempt counts as accepted when its change was merged.
/// Records written before outcomes were verified have neither link, so they are never offered or counted.
/// </summary>
internal static class KnowledgeFilters
{
    /// <summary>SQL predicate over the <c>solutions</c> table.</summary>
    public const string UsableSolutionSql = "commitId IS NOT NULL AND quarantinedAt IS NULL";

    /// <summary>SQL predicate over the <c>experiences</c> table.</summary>
    public const string VerifiedAcceptedSql = "outcome = 'Accepted' AND mergedCommit IS NOT NULL";

    /// <summary>LINQ form of <see cref="UsableSolutionSql"/>.</summary>
    public static Expression<Func<SolutionRecord, bool>> UsableSolution { get; } = s => s.CommitId != null && s.QuarantinedAt == null;

    /// <summary>Whether an experience is a verified accepted change.</summary>
    public static bool IsVerifiedAccepted(ExperienceOutcome outcome, string? mergedCommit) => outcome == ExperienceOutcome.Accepted && mergedCommit is not null;
}
