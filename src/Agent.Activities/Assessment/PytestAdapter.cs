namespace Agent.Activities.Assessment;

/// <summary><c>python3 -m pytest</c> with a JUnit XML report.</summary>
public sealed class PytestAdapter(CommandRunner runner) : ITestAdapter
{
    private const int NoTestsCollected = 5;

    /// <inheritdoc />
    public string Name => "pytest";

    /// <inheritdoc />
    public bool AppliesTo(ProjectLayout layout) => layout.HasPytest;

    /// <inheritdoc />
    public async Task<TestRunResult> RunAsync(string root, ProjectLayout layout, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var scratch = new ScratchFolder();
        var report = Path.Combine(scratch.Path, "junit.xml");
        var spec = new CommandSpec("python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider", $"--junitxml={report}"], root, timeout);
        var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (outcome.StartError is not null) return TestRunResult.Unknown(Name, outcome.StartError);
        if (outcome.TimedOut) return TestRunResult.Unknown(Name, $"'{spec}' ran longer than {timeout} and was stopped.", outcome.Tail());
        if (outcome.StandardError.Contains("No module named pytest", StringComparison.Ordinal))
            return TestRunResult.Unknown(Name, "pytest is not installed for python3 (pip install pytest).");
        if (outcome.ExitCode == NoTestsCollected) return new TestRunResult(Name, 0, 0, 0, [], null, null, null);
        if (!File.Exists(report)) return TestRunResult.Unknown(Name, $"'{spec}' exited {outcome.ExitCode} without writing a JUnit report.", outcome.Tail());
        var parsed = JUnitReportParser.Parse(await File.ReadAllTextAsync(report, cancellationToken).ConfigureAwait(false));
        return new TestRunResult(Name, parsed.Passed, parsed.Failed, parsed.Skipped, parsed.FailingTests, null, null, parsed.Failed > 0 ? outcome.Tail() : null) { PassingTests = parsed.PassedTests };
    }
}
