using Agent.Activities.Assessment.Reports;

namespace Agent.Activities.Assessment.Node;

/// <summary>jest, read from its JSON report (<c>--json --outputFile</c>).</summary>
public sealed class JestRunner : NodeTestRunner
{
    /// <inheritdoc />
    public override string Name => "jest";

    /// <inheritdoc />
    public override IReadOnlyList<string> ConfigFilePrefixes => ["jest.config."];

    /// <inheritdoc />
    public override string? ManifestKey => "jest";

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, bool> ReporterOptions { get; } = new Dictionary<string, bool> { ["--json"] = false, ["--outputFile"] = true, ["--watch"] = false, ["--watchAll"] = false };

    /// <inheritdoc />
    public override IReadOnlyList<string> ReportArguments(string reportPath, string root) => ["--json", $"--outputFile={reportPath}"];

    /// <inheritdoc />
    public override TestReport? ReadReport(string reportPath, CommandOutcome outcome, string root) =>
        ReadFile(reportPath) is { } json ? JestJsonReportParser.Parse(json, root) : null;
}

/// <summary>vitest, read from its JSON reporter (jest's report shape) written with <c>--outputFile</c>.</summary>
public sealed class VitestRunner : NodeTestRunner
{
    /// <inheritdoc />
    public override string Name => "vitest";

    /// <inheritdoc />
    public override IReadOnlyList<string> ConfigFilePrefixes => ["vitest.config.", "vitest.workspace."];

    /// <inheritdoc />
    // Without "run" vitest watches when it thinks it has a terminal.
    public override IReadOnlyList<string> DefaultArguments => ["run"];

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, bool> ReporterOptions { get; } = new Dictionary<string, bool> { ["--reporter"] = true, ["--outputFile"] = true, ["--watch"] = false, ["-w"] = false };

    /// <inheritdoc />
    public override IReadOnlyList<string> ReportArguments(string reportPath, string root) => ["--reporter=json", $"--outputFile={reportPath}"];

    /// <inheritdoc />
    public override TestReport? ReadReport(string reportPath, CommandOutcome outcome, string root) =>
        ReadFile(reportPath) is { } json ? JestJsonReportParser.Parse(json, root) : null;
}

/// <summary>
/// mocha: its json reporter written to a file (mocha 10 and later), else its xunit reporter, which every version
/// can write to a file.
/// </summary>
public sealed class MochaRunner : NodeTestRunner
{
    /// <inheritdoc />
    public override string Name => "mocha";

    /// <inheritdoc />
    public override IReadOnlyList<string> ConfigFilePrefixes => [".mocharc."];

    /// <inheritdoc />
    public override string? ManifestKey => "mocha";

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, bool> ReporterOptions { get; } = new Dictionary<string, bool>
    {
        ["--reporter"] = true, ["-R"] = true, ["--reporter-option"] = true, ["--reporter-options"] = true, ["-O"] = true, ["--watch"] = false, ["-w"] = false,
    };

    /// <inheritdoc />
    public override IReadOnlyList<string> ReportArguments(string reportPath, string root) =>
        ["--reporter", WritesJson(root) ? "json" : "xunit", "--reporter-options", $"output={reportPath}"];

    /// <inheritdoc />
    public override TestReport? ReadReport(string reportPath, CommandOutcome outcome, string root) =>
        ReadFile(reportPath) is not { } text ? null
        : text.TrimStart().StartsWith('{') ? MochaReportParser.ParseJson(text)
        : MochaReportParser.ParseXunit(text);

    // The json reporter learned to write to a file (the 'output' reporter option) in mocha 10's line.
    private static bool WritesJson(string root) => InstalledVersion.Major(root, "mocha") is >= 10;
}

/// <summary>ava, read from the TAP it prints with <c>--tap</c>.</summary>
public sealed class AvaRunner : NodeTestRunner
{
    /// <inheritdoc />
    public override string Name => "ava";

    /// <inheritdoc />
    public override IReadOnlyList<string> ConfigFilePrefixes => ["ava.config."];

    /// <inheritdoc />
    public override string? ManifestKey => "ava";

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, bool> ReporterOptions { get; } = new Dictionary<string, bool> { ["--tap"] = false, ["-t"] = false, ["--verbose"] = false, ["--watch"] = false, ["-w"] = false };

    /// <inheritdoc />
    public override IReadOnlyList<string> ReportArguments(string reportPath, string root) => ["--tap"];

    /// <inheritdoc />
    public override TestReport? ReadReport(string reportPath, CommandOutcome outcome, string root) =>
        string.IsNullOrWhiteSpace(outcome.StandardOutput) ? null : TapReportParser.Parse(outcome.StandardOutput);
}

/// <summary>node's built-in runner (<c>node --test</c>), read from its JUnit reporter; a test is named by its describe path and title.</summary>
public sealed class NodeBuiltinRunner : NodeTestRunner
{
    /// <inheritdoc />
    public override string Name => "node";

    /// <inheritdoc />
    public override bool IsInstalledPackage => false;

    /// <inheritdoc />
    public override IReadOnlyList<string> ConfigFilePrefixes => [];

    /// <inheritdoc />
    public override IReadOnlyList<string> DefaultArguments => ["--test"];

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, bool> ReporterOptions { get; } = new Dictionary<string, bool> { ["--test-reporter"] = true, ["--test-reporter-destination"] = true, ["--watch"] = false };

    /// <inheritdoc />
    public override bool TakesTrailingOptions => false;

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments(IReadOnlyList<string> arguments, IReadOnlyList<string> reportArguments) => [.. reportArguments, .. arguments];

    /// <inheritdoc />
    public override bool IsInvokedWith(IReadOnlyList<string> arguments) => arguments.Contains("--test");

    /// <inheritdoc />
    public override IReadOnlyList<string> ReportArguments(string reportPath, string root) => ["--test-reporter=junit", $"--test-reporter-destination={reportPath}"];

    /// <inheritdoc />
    public override TestReport? ReadReport(string reportPath, CommandOutcome outcome, string root) =>
        ReadFile(reportPath) is { } xml ? NodeJUnitReport.Parse(xml) : null;
}
