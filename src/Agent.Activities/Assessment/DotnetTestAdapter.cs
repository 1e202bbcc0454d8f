using Agent.Activities.Safety.Limits;
using Agent.Activities.Assessment.Dotnet;

namespace Agent.Activities.Assessment;

/// <summary>
/// <c>dotnet test --no-build</c> (the build is measured just before) with TRX reports, for xUnit, NUnit and MSTest on
/// VSTest or on Microsoft.Testing.Platform, as <see cref="DotnetTestPlan"/> decides from global.json and the test
/// projects. Line coverage is collected when a test project references coverlet.collector (VSTest mode).
/// </summary>
public sealed class DotnetTestAdapter(CommandRunner runner) : ITestAdapter
{
    private const string VSTestTargetRefused = "Testing with VSTest target is no longer supported by Microsoft.Testing.Platform";

    /// <inheritdoc />
    public string Name => "dotnet";

    /// <inheritdoc />
    public string Ecosystem => "dotnet";

    /// <inheritdoc />
    public bool AppliesTo(ProjectLayout layout) => layout.DotnetEntry is not null;

    /// <inheritdoc />
    public async Task<TestRunResult> RunAsync(TestRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var layout = context.Layout;
        // A solution without test projects: nothing to run, and that is a measurement (0 tests), not an unknown.
        if (!layout.HasDotnetTests || layout.DotnetTestProjects.Count == 0)
            return new TestRunResult(Name, 0, 0, 0, [], null, null, null) { Command = "dotnet: no test project", CommandSucceeded = true };
        using var scratch = new ScratchFolder();
        var plan = DotnetTestPlan.Create(layout.DotnetEntry!, layout.UsesTestingPlatform, layout.DotnetTestProjects, layout.HasCoverlet && !layout.UsesTestingPlatform, scratch.Path);
        var reasons = new List<string>(plan.Problems);
        var outcomes = new List<CommandOutcome>();
        foreach (var command in plan.Commands)
        {
            var spec = new CommandSpec("dotnet", command.Arguments, context.Root, context.Timeout) { Kind = ProcessKind.Test, Environment = DotnetEnvironment.Variables };
            var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
            if (outcome.StartError is not null) return TestRunResult.Unknown(Name, outcome.StartError) with { Command = Describe(plan) };
            if (outcome.TimedOut) return TestRunResult.Unknown(Name, $"'{spec}' ran longer than {context.Timeout} and was stopped.", outcome.Tail()) with { Command = Describe(plan) };
            // A run killed at a resource limit measured nothing: its exit code and partial report are not a verdict.
            if (outcome.Breach is { } breach) return TestRunResult.Unknown(Name, $"'{spec}' was stopped: {breach.Message}.", outcome.Tail()) with { Command = Describe(plan) };
            outcomes.Add(outcome);
            if ((outcome.StandardOutput + outcome.StandardError).Contains(VSTestTargetRefused, StringComparison.Ordinal))
                reasons.Add($"a test project uses Microsoft.Testing.Platform 2 or later ({string.Join(", ", layout.DotnetTestProjects.Where(p => p.Platform == DotnetTestPlatform.TestingPlatform).Select(p => $"{p.Path}: {p.Why}"))}), which .NET 10's dotnet test runs only in its Microsoft.Testing.Platform mode: add \"test\": {{ \"runner\": \"Microsoft.Testing.Platform\" }} to global.json");
        }
        // One failed command means the suite fails; it passes only when every command ran and no project was left out.
        bool? succeeded = outcomes.Any(o => o.ExitCode != 0) ? false
            : outcomes.Count == plan.Commands.Count && plan.Problems.Count == 0 ? true
            : null;
        var tail = string.Join("\n", outcomes.Select(o => o.Tail()));
        var reports = Directory.GetFiles(scratch.Path, "*.trx", SearchOption.AllDirectories);
        if (reports.Length == 0 && outcomes.Count > 0 && reasons.Count == 0)
            return TestRunResult.ByExitCode(Name, $"dotnet: '{plan.Commands[0].Description}' exited {outcomes[^1].ExitCode} without writing a TRX report", outcomes[^1], Describe(plan));
        if (reasons.Count > 0)
            return TestRunResult.Unknown(Name, $"dotnet: {string.Join("; ", reasons)}", tail.Length > 0 ? tail : null) with { Command = Describe(plan), CommandSucceeded = succeeded };

        var report = TestReport.Empty;
        foreach (var file in reports) report += TrxReportParser.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
        var coverage = await CoverageAsync(scratch.Path, cancellationToken).ConfigureAwait(false);
        return new TestRunResult(Name, report.Passed, report.Failed, report.Skipped, report.FailingTests, coverage, null, report.Failed > 0 ? tail : null)
        {
            PassingTests = report.PassedTests,
            Command = Describe(plan),
            CommandSucceeded = succeeded,
        };
    }

    private static string Describe(DotnetTestPlan plan) =>
        plan.Commands.Count == 0 ? "dotnet: no runnable test command" : string.Join("; ", plan.Commands.Select(c => c.Description));

    private static async Task<double?> CoverageAsync(string folder, CancellationToken cancellationToken)
    {
        var coverageFiles = Directory.GetFiles(folder, "coverage.cobertura.xml", SearchOption.AllDirectories);
        if (coverageFiles.Length == 0) return null;
        long covered = 0, valid = 0;
        // VSTest keeps a second copy of each attachment under the run's In/ folder; identical texts count once.
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in coverageFiles) texts.Add(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
        foreach (var text in texts)
        {
            var (c, v) = CoberturaParser.Parse(text);
            covered += c;
            valid += v;
        }
        return valid == 0 ? null : 100.0 * covered / valid;
    }
}
