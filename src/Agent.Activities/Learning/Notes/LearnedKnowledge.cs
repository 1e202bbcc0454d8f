namespace Agent.Activities.Learning.Notes;

/// <summary>An error the agent met and the best fix that worked for it, with that fix's track record.</summary>
/// <param name="Kind">The error kind (compiler code, exception type, or <c>error</c>).</param>
/// <param name="Message">The normalized message (volatile parts masked).</param>
/// <param name="Signature">The normalized signature; the last tie-breaker of the order, so equal records sort the same way every time.</param>
/// <param name="Fix">What resolved it, in words.</param>
/// <param name="Worked">Attempts where the fix resolved the error.</param>
/// <param name="Failed">Attempts where it did not.</param>
public sealed record SolvedError(string Kind, string Message, string Signature, string Fix, int Worked, int Failed)
{
    /// <summary>The fix's success rate with one imagined success and failure (as the error database ranks fixes).</summary>
    public double Score => (Worked + 1.0) / (Worked + Failed + 2.0);
}

/// <summary>An approach's track record for one task type.</summary>
/// <param name="TaskType">The task type, e.g. <c>fix-failing-test</c>.</param>
/// <param name="Approach">The approach key, e.g. <c>template:fix-failing-test</c>.</param>
/// <param name="Successes">Accepted attempts.</param>
/// <param name="Failures">Rejected, rolled back or failed attempts.</param>
/// <param name="MeanImprovement">The mean measured improvement, when one was measured.</param>
public sealed record ApproachRecord(string TaskType, string Approach, int Successes, int Failures, double? MeanImprovement)
{
    /// <summary>The success rate with one imagined success and failure.</summary>
    public double Score => (Successes + 1.0) / (Successes + Failures + 2.0);
}

/// <summary>What the knowledge base holds that is worth telling the next Claude Code run, before bounding and ordering.</summary>
/// <param name="SolvedErrors">Errors with a fix that worked at least once and at least as often as it failed.</param>
/// <param name="AntiPatterns">Approaches that failed repeatedly (the miner's anti-patterns).</param>
/// <param name="WorkingApproaches">Proven approaches (enough attempts) that succeed more often than they fail.</param>
public sealed record LearnedKnowledge(IReadOnlyList<SolvedError> SolvedErrors, IReadOnlyList<ApproachRecord> AntiPatterns, IReadOnlyList<ApproachRecord> WorkingApproaches)
{
    /// <summary>Nothing learned yet.</summary>
    public static LearnedKnowledge Empty { get; } = new([], [], []);
}
