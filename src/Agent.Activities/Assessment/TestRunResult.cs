namespace Agent.Activities.Assessment;

/// <summary>What one test runner reported.</summary>
/// <param name="Runner"><c>dotnet</c>, <c>node</c> or <c>pytest</c>.</param>
/// <param name="Passed">Tests that passed, or null when no report could be read.</param>
/// <param name="Failed">Tests that failed, or null when no report could be read.</param>
/// <param name="Skipped">Tests skipped.</param>
/// <param name="FailingTests">The failing tests.</param>
/// <param name="CoveragePercent">Line coverage, when collected.</param>
/// <param name="UnknownReason">Why the counts are unknown, when they are.</param>
/// <param name="OutputTail">The end of the runner's output.</param>
public sealed record TestRunResult(string Runner, int? Passed, int? Failed, int Skipped, IReadOnlyList<FailingTest> FailingTests, double? CoveragePercent, string? UnknownReason, string? OutputTail)
{
    /// <summary>The names of the tests that passed (qualified as <see cref="TestNames.Qualify"/> does).</summary>
    public IReadOnlyList<string> PassingTests { get; init; } = [];

    /// <summary>A run whose counts could not be read.</summary>
    public static TestRunResult Unknown(string runner, string reason, string? outputTail = null) => new(runner, null, null, 0, [], null, reason, outputTail);
}
