using Agent.Activities.Safety.Limits;
using System.Reflection;

namespace Agent.Activities.Assessment;

/// <summary>
/// The standard library's unittest, run by a small script shipped with the agent (<c>Python/unittest_junit.py</c>, an
/// embedded resource) that does what <c>python -m unittest discover</c> does (for <c>test*.py</c> and <c>*_test.py</c>)
/// and writes a JUnit XML report. Tests are named <c>module.Class.method</c>.
/// </summary>
public sealed class UnittestAdapter(CommandRunner runner) : ITestAdapter
{
    private const string ScriptName = "unittest_junit.py";

    /// <inheritdoc />
    public string Name => "unittest";

    /// <inheritdoc />
    public string Ecosystem => "python";

    /// <inheritdoc />
    public bool AppliesTo(ProjectLayout layout) => layout.HasUnittest;

    /// <inheritdoc />
    public async Task<TestRunResult> RunAsync(TestRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var scratch = new ScratchFolder();
        var script = Path.Combine(scratch.Path, ScriptName);
        await using (var source = Script())
        await using (var target = File.Create(script))
        {
            await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
        }
        var report = Path.Combine(scratch.Path, "junit.xml");
        var spec = new CommandSpec(context.PythonExecutable, [script, report, ".", "test*.py", "*_test.py"], context.Root, context.Timeout)
        {
            Kind = ProcessKind.Test,
            Environment = new Dictionary<string, string?>(context.Environment) { ["PYTHONDONTWRITEBYTECODE"] = "1" },
        };
        var how = $"unittest: {Path.GetFileName(context.PythonExecutable)} {ScriptName} (unittest discovery of test*.py and *_test.py, JUnit report)";
        var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (outcome.StartError is not null) return TestRunResult.Unknown(Name, outcome.StartError) with { Command = how };
        if (outcome.TimedOut) return TestRunResult.Unknown(Name, $"'{spec}' ran longer than {context.Timeout} and was stopped.", outcome.Tail()) with { Command = how };
        // A run killed at a resource limit measured nothing: its exit code and partial report are not a verdict.
        if (outcome.Breach is { } breach) return TestRunResult.Unknown(Name, $"'{spec}' was stopped: {breach.Message}.", outcome.Tail()) with { Command = how };
        if (!File.Exists(report)) return TestRunResult.ByExitCode(Name, $"unittest: the runner exited {outcome.ExitCode} without writing its report", outcome, how);
        var parsed = JUnitReportParser.Parse(await File.ReadAllTextAsync(report, cancellationToken).ConfigureAwait(false));
        var failing = parsed.FailingTests.Select(t => t.ClassName is { Length: 0 } ? t with { ClassName = null } : t).ToList();
        return new TestRunResult(Name, parsed.Passed, parsed.Failed, parsed.Skipped, failing, null, null, parsed.Failed > 0 ? outcome.Tail() : null)
        {
            PassingTests = parsed.PassedTests,
            Command = how,
            CommandSucceeded = outcome.ExitCode == 0,
        };
    }

    private static Stream Script() =>
        typeof(UnittestAdapter).Assembly.GetManifestResourceStream($"Agent.Activities.Assessment.Python.{ScriptName}")
        ?? throw new InvalidOperationException($"The agent's build lacks its embedded {ScriptName}; rebuild Agent.Activities.");
}
