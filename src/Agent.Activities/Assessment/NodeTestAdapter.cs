namespace Agent.Activities.Assessment;

/// <summary>
/// <c>npm test</c> when the test script is node's built-in runner (<c>node --test</c>): the JUnit reporter is added so
/// the counts are read from a report, not from console text. Other runners are reported as unknown.
/// </summary>
public sealed class NodeTestAdapter(CommandRunner runner) : ITestAdapter
{
    private const string NodePlaceholderClass = "test.";

    /// <inheritdoc />
    public string Name => "node";

    /// <inheritdoc />
    public bool AppliesTo(ProjectLayout layout) => layout.NodeTestScript is not null;

    /// <inheritdoc />
    public async Task<TestRunResult> RunAsync(string root, ProjectLayout layout, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var script = layout.NodeTestScript!;
        if (!script.Contains("node --test", StringComparison.Ordinal))
            return TestRunResult.Unknown(Name, $"the test script '{script}' does not use node's built-in runner (node --test), the only npm test runner the agent can read.");
        using var scratch = new ScratchFolder();
        var report = Path.Combine(scratch.Path, "junit.xml");
        var spec = new CommandSpec("npm", ["test", "--silent", "--", "--test-reporter=junit", $"--test-reporter-destination={report}"], root, timeout)
        {
            Environment = new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["npm_config_update_notifier"] = "false" },
        };
        var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (outcome.StartError is not null) return TestRunResult.Unknown(Name, outcome.StartError);
        if (outcome.TimedOut) return TestRunResult.Unknown(Name, $"'{spec}' ran longer than {timeout} and was stopped.", outcome.Tail());
        if (!File.Exists(report)) return TestRunResult.Unknown(Name, $"'{spec}' exited {outcome.ExitCode} without writing a JUnit report.", outcome.Tail());
        var parsed = JUnitReportParser.Parse(await File.ReadAllTextAsync(report, cancellationToken).ConfigureAwait(false));
        // Node's reporter puts the placeholder class name "test" on top-level tests; it names nothing, so it is dropped.
        var failing = parsed.FailingTests.Select(t => t.ClassName == "test" ? t with { ClassName = null } : t).ToList();
        var passing = parsed.PassedTests.Select(n => n.StartsWith(NodePlaceholderClass, StringComparison.Ordinal) ? n[NodePlaceholderClass.Length..] : n).ToList();
        return new TestRunResult(Name, parsed.Passed, parsed.Failed, parsed.Skipped, failing, null, null, parsed.Failed > 0 ? outcome.Tail() : null) { PassingTests = passing };
    }
}
