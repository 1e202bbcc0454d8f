using Agent.Activities.Safety.Limits;
namespace Agent.Activities.Assessment;

/// <summary><c>python -m pytest</c> with a JUnit XML report, in the project's virtual environment when its dependencies were installed.</summary>
public sealed class PytestAdapter(CommandRunner runner) : ITestAdapter
{
    private const int NoTestsCollected = 5;

    /// <inheritdoc />
    public string Name => "pytest";

    /// <inheritdoc />
    public string Ecosystem => "python";

    /// <inheritdoc />
    public bool AppliesTo(ProjectLayout layout) => layout.HasPytest;

    /// <inheritdoc />
    public async Task<TestRunResult> RunAsync(TestRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var scratch = new ScratchFolder();
        var report = Path.Combine(scratch.Path, "junit.xml");
        var spec = new CommandSpec(context.PythonExecutable, ["-m", "pytest", "-q", "-p", "no:cacheprovider", $"--junitxml={report}"], context.Root, context.Timeout)
        {
            Kind = ProcessKind.Test,
            Environment = context.Environment,
        };
        var how = $"pytest: {Path.GetFileName(context.PythonExecutable)} -m pytest --junitxml <report>";
        var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (outcome.StartError is not null) return TestRunResult.Unknown(Name, outcome.StartError) with { Command = how };
        if (outcome.TimedOut) return TestRunResult.Unknown(Name, $"'{spec}' ran longer than {context.Timeout} and was stopped.", outcome.Tail()) with { Command = how };
        // A run killed at a resource limit measured nothing: its exit code and partial report are not a verdict.
        if (outcome.Breach is { } breach) return TestRunResult.Unknown(Name, $"'{spec}' was stopped: {breach.Message}.", outcome.Tail()) with { Command = how };
        if (outcome.StandardError.Contains("No module named pytest", StringComparison.Ordinal))
            return TestRunResult.Unknown(Name, $"pytest is not installed for {context.PythonExecutable}: declare it in a requirements*.txt file (it is then installed into the project's virtual environment), or pip install pytest.") with { Command = how };
        if (outcome.ExitCode == NoTestsCollected) return new TestRunResult(Name, 0, 0, 0, [], null, null, null) { Command = how, CommandSucceeded = true };
        if (!File.Exists(report)) return TestRunResult.ByExitCode(Name, $"pytest: '{spec}' exited {outcome.ExitCode} without writing a JUnit report", outcome, how);
        var parsed = JUnitReportParser.Parse(await File.ReadAllTextAsync(report, cancellationToken).ConfigureAwait(false));
        return new TestRunResult(Name, parsed.Passed, parsed.Failed, parsed.Skipped, parsed.FailingTests, null, null, parsed.Failed > 0 ? outcome.Tail() : null)
        {
            PassingTests = parsed.PassedTests,
            Command = how,
            CommandSucceeded = outcome.ExitCode == 0,
        };
    }
}
