using Agent.Activities.Safety.Limits;
using Agent.Activities.Assessment.Node;

namespace Agent.Activities.Assessment;

/// <summary>
/// JavaScript tests (<c>npm test</c>): the runner is detected from package.json and config files
/// (<see cref="NodeRunnerDetector"/>) and made to write its own machine-readable report (<see cref="NodeTestRunner"/>).
/// When the test script is a plain invocation of the runner, it runs as <c>npm test -- &lt;report flags&gt;</c>; when
/// the script is compound or sets a reporter of its own, the runner's binary in <c>node_modules/.bin</c> runs with the
/// project's config (and the script's other arguments). A runner the agent cannot read runs as <c>npm test</c> and is
/// measured by its exit code only.
/// </summary>
public sealed class NodeTestAdapter(CommandRunner runner) : ITestAdapter
{
    /// <summary>Environment for JavaScript runners: no colours in reports, CI behaviour (no watch mode, no prompts), quiet npm.</summary>
    internal static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["NO_COLOR"] = "1",
        ["FORCE_COLOR"] = "0",
        ["CI"] = "1",
        ["npm_config_update_notifier"] = "false",
        ["npm_config_fund"] = "false",
        ["npm_config_audit"] = "false",
    };

    /// <inheritdoc />
    public string Name => "node";

    /// <inheritdoc />
    public string Ecosystem => "node";

    /// <inheritdoc />
    public bool AppliesTo(ProjectLayout layout) => layout.NodeRunner is not null;

    /// <inheritdoc />
    public async Task<TestRunResult> RunAsync(TestRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = context.Root;
        var detection = context.Layout.NodeRunner!;
        using var scratch = new ScratchFolder();
        if (detection.Runner is not { } known)
        {
            var exitCodeSpec = new CommandSpec("npm", ["test", "--silent"], root, context.Timeout) { Kind = ProcessKind.Test, Environment = Environment };
            var plain = await runner.RunAsync(exitCodeSpec, cancellationToken).ConfigureAwait(false);
            if (plain.StartError is not null) return TestRunResult.Unknown(Name, plain.StartError);
            if (plain.TimedOut) return TestRunResult.Unknown(Name, $"'{exitCodeSpec}' ran longer than {context.Timeout} and was stopped.", plain.Tail());
            // A run killed at a resource limit measured nothing: its exit code and partial report are not a verdict.
            if (plain.Breach is { } killed) return TestRunResult.Unknown(Name, $"'{exitCodeSpec}' was stopped: {killed.Message}.", plain.Tail());
            return TestRunResult.ByExitCode(Name,
                $"runner {detection.Name} ({detection.Evidence}): the agent cannot read its results (it reads jest, vitest, mocha, ava and node --test from their reports)",
                plain, $"{detection.Name}: npm test");
        }

        var binary = Path.Combine(root, "node_modules", ".bin", known.Binary);
        if (known.IsInstalledPackage && !File.Exists(binary))
            return TestRunResult.Unknown(Name, $"runner {known.Name} ({detection.Evidence}) is not installed: node_modules/.bin/{known.Binary} is missing. Install the project's dependencies (npm ci or npm install), or leave Assessment:InstallDependencies on.");
        var report = Path.Combine(scratch.Path, "report");
        var (spec, how) = Command(known, detection.Script, known.IsInstalledPackage ? binary : known.Binary, known.ReportArguments(report, root), root, context.Timeout);
        var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (outcome.StartError is not null) return TestRunResult.Unknown(Name, outcome.StartError) with { Command = how };
        if (outcome.TimedOut) return TestRunResult.Unknown(Name, $"'{spec}' ran longer than {context.Timeout} and was stopped.", outcome.Tail()) with { Command = how };
        // A run killed at a resource limit measured nothing: its exit code and partial report are not a verdict.
        if (outcome.Breach is { } breach) return TestRunResult.Unknown(Name, $"'{spec}' was stopped: {breach.Message}.", outcome.Tail()) with { Command = how };
        TestReport? parsed;
        try
        {
            parsed = known.ReadReport(report, outcome, root);
        }
        catch (FormatException e)
        {
            return TestRunResult.ByExitCode(Name, $"runner {known.Name}: its report could not be read ({e.Message})", outcome, how);
        }
        if (parsed is null) return TestRunResult.ByExitCode(Name, $"runner {known.Name}: '{spec}' exited {outcome.ExitCode} without writing its report", outcome, how);
        return new TestRunResult(Name, parsed.Passed, parsed.Failed, parsed.Skipped, parsed.FailingTests, null, null, parsed.Failed > 0 || outcome.ExitCode != 0 ? outcome.Tail() : null)
        {
            PassingTests = parsed.PassedTests,
            Command = how,
            CommandSucceeded = outcome.ExitCode == 0,
        };
    }

    private static (CommandSpec Spec, string How) Command(NodeTestRunner known, TestScript? script, string binary, IReadOnlyList<string> reportArguments, string root, TimeSpan timeout)
    {
        var plain = script?.PlainArgumentsOf(known.Binary) is { } args && known.IsInvokedWith(args) ? args : null;
        if (plain is not null && !known.SetsReporter(plain) && (known.TakesTrailingOptions || plain.All(a => a.StartsWith('-'))))
        {
            return (new CommandSpec("npm", ["test", "--silent", "--", .. reportArguments], root, timeout) { Kind = ProcessKind.Test, Environment = Environment },
                $"{known.Name}: npm test -- {string.Join(' ', reportArguments)}");
        }
        var arguments = known.Arguments(plain is not null ? known.WithoutReporterOptions(plain) : known.DefaultArguments, reportArguments);
        var display = known.IsInstalledPackage ? $"node_modules/.bin/{known.Binary}" : known.Binary;
        var why = plain is not null && known.SetsReporter(plain) ? "the test script's own reporter flags replaced"
            : plain is not null ? "the report flags must come before the script's file arguments"
            : script is not null ? $"the test script '{script.Text}' is not a plain {known.Name} command; the project's config applies"
            : "there is no test script; the project's config applies";
        return (new CommandSpec(binary, arguments, root, timeout) { Kind = ProcessKind.Test, Environment = Environment }, $"{known.Name}: {display} {string.Join(' ', arguments)} ({why})");
    }
}
