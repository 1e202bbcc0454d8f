namespace Agent.Activities.Assessment;

/// <summary>What one test runner reported.</summary>
/// <param name="Runner"><c>dotnet</c>, <c>node</c>, <c>pytest</c> or <c>unittest</c>.</param>
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

    /// <summary>How the tests were run, for people: the framework or runner found and the command, e.g. <c>jest: npm test -- --json --outputFile …</c>.</summary>
    public string? Command { get; init; }

    /// <summary>Whether the test command exited 0; null when it did not run to its end (not started, stopped on timeout).</summary>
    public bool? CommandSucceeded { get; init; }

    /// <summary>Whether only the command's exit code could be read: the counts are unknown (<see cref="UnknownReason"/> says why).</summary>
    public bool ExitCodeOnly { get; init; }

    /// <summary>A run whose counts could not be read.</summary>
    public static TestRunResult Unknown(string runner, string reason, string? outputTail = null) => new(runner, null, null, 0, [], null, reason, outputTail);

    /// <summary>A run whose command ran but whose results could not be read: only its exit code counts.</summary>
    public static TestRunResult ByExitCode(string runner, string reason, CommandOutcome outcome, string command)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new TestRunResult(runner, null, null, 0, [], null, $"{reason}; measured by exit code only", outcome.Tail())
        {
            Command = command,
            CommandSucceeded = outcome.ExitCode == 0,
            ExitCodeOnly = true,
        };
    }
}
