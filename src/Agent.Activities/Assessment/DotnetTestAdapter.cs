namespace Agent.Activities.Assessment;

/// <summary>
/// <c>dotnet test --no-build</c> (the build is measured just before) with a TRX report: through the VSTest logger, or
/// <c>--report-trx</c> when <c>global.json</c> selects Microsoft.Testing.Platform. Line coverage is collected when a test
/// project references coverlet.collector.
/// </summary>
public sealed class DotnetTestAdapter(CommandRunner runner) : ITestAdapter
{
    /// <inheritdoc />
    public string Name => "dotnet";

    /// <inheritdoc />
    public bool AppliesTo(ProjectLayout layout) => layout.DotnetEntry is not null;

    /// <inheritdoc />
    public async Task<TestRunResult> RunAsync(string root, ProjectLayout layout, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // A solution without test projects: nothing to run, and that is a measurement (0 tests), not an unknown.
        if (!layout.HasDotnetTests) return new TestRunResult(Name, 0, 0, 0, [], null, null, null);
        using var scratch = new ScratchFolder();
        var entry = layout.DotnetEntry!;
        List<string> args = layout.UsesTestingPlatform
            ? ["test", entry.EndsWith(".csproj", StringComparison.Ordinal) ? "--project" : "--solution", entry, "--no-build", "--report-trx", "--results-directory", scratch.Path]
            : ["test", entry, "--no-build", "--nologo", "--logger", "trx", "--results-directory", scratch.Path];
        if (layout.HasCoverlet && !layout.UsesTestingPlatform) args.AddRange(["--collect", "XPlat Code Coverage"]);
        var spec = new CommandSpec("dotnet", args, root, timeout) { Environment = DotnetEnvironment.Variables };
        var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (outcome.StartError is not null) return TestRunResult.Unknown(Name, outcome.StartError);
        if (outcome.TimedOut) return TestRunResult.Unknown(Name, $"'{spec}' ran longer than {timeout} and was stopped.", outcome.Tail());

        var reports = Directory.GetFiles(scratch.Path, "*.trx", SearchOption.AllDirectories);
        if (reports.Length == 0)
            return TestRunResult.Unknown(Name, $"'{spec}' exited {outcome.ExitCode} without writing a TRX report.", outcome.Tail());
        var report = TestReport.Empty;
        foreach (var file in reports) report += TrxReportParser.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));

        double? coverage = null;
        var coverageFiles = Directory.GetFiles(scratch.Path, "coverage.cobertura.xml", SearchOption.AllDirectories);
        if (coverageFiles.Length > 0)
        {
            long covered = 0, valid = 0;
            // VSTest keeps a second copy of each attachment under the run's In/ folder; identical texts count once.
            var texts = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in coverageFiles)
            {
                if (!texts.Add(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false))) continue;
            }
            foreach (var text in texts)
            {
                var (c, v) = CoberturaParser.Parse(text);
                covered += c;
                valid += v;
            }
            coverage = valid == 0 ? null : 100.0 * covered / valid;
        }
        return new TestRunResult(Name, report.Passed, report.Failed, report.Skipped, report.FailingTests, coverage, null, report.Failed > 0 ? outcome.Tail() : null) { PassingTests = report.PassedTests };
    }
}
