namespace Agent.Activities.Goals;

/// <summary>How a metric's values read, which decides how progress towards a threshold is computed.</summary>
public enum MetricKind
{
    /// <summary>0 to 100.</summary>
    Percent,

    /// <summary>A whole number of things (tests, warnings, TODOs).</summary>
    Count,

    /// <summary>1 (yes) or 0 (no).</summary>
    Flag,
}

/// <summary>A metric the assessment measures and goals may name.</summary>
/// <param name="Name">The dotted name used in goals files and snapshots, e.g. <c>tests.failed</c>.</param>
/// <param name="Kind">How its values read.</param>
/// <param name="Description">What it counts, for help texts and errors.</param>
public sealed record MetricDefinition(string Name, MetricKind Kind, string Description);

/// <summary>The metrics the assessment knows how to measure; goals may name no others.</summary>
public static class MetricCatalog
{
    /// <summary>1 when the build succeeded, 0 when it failed.</summary>
    public const string BuildSucceeded = "build.succeeded";

    /// <summary>Distinct compiler/build warnings.</summary>
    public const string BuildWarnings = "build.warnings";

    /// <summary>Tests run.</summary>
    public const string TestsTotal = "tests.total";

    /// <summary>Tests that passed.</summary>
    public const string TestsPassed = "tests.passed";

    /// <summary>Tests that failed.</summary>
    public const string TestsFailed = "tests.failed";

    /// <summary>1 when every test command exited 0, 0 when one did not: known even when a runner's results cannot be read.</summary>
    public const string TestsSuitePassed = "tests.suite-passed";

    /// <summary>Passed ÷ (passed + failed) × 100.</summary>
    public const string TestsPassPercent = "tests.pass_percent";

    /// <summary>Covered lines ÷ coverable lines × 100.</summary>
    public const string CoverageLinePercent = "coverage.line_percent";

    /// <summary>TODO and FIXME markers in tracked text files.</summary>
    public const string TodoCount = "todo.count";

    /// <summary>Public C# API members with XML docs ÷ all public members × 100.</summary>
    public const string DocsPublicApiPercent = "docs.public_api_percent";

    /// <summary>Packages with a newer version available.</summary>
    public const string DepsOutdated = "deps.outdated";

    /// <summary>Packages with a known vulnerability.</summary>
    public const string DepsVulnerable = "deps.vulnerable";

    /// <summary>Every known metric, in display order.</summary>
    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        new(BuildSucceeded, MetricKind.Flag, "1 when the build succeeded, 0 when it failed"),
        new(BuildWarnings, MetricKind.Count, "distinct build warnings"),
        new(TestsTotal, MetricKind.Count, "tests run"),
        new(TestsPassed, MetricKind.Count, "tests that passed"),
        new(TestsFailed, MetricKind.Count, "tests that failed"),
        new(TestsSuitePassed, MetricKind.Flag, "1 when every test command exited 0, 0 when one failed (read from the exit code, so known even for a runner whose results the agent cannot read)"),
        new(TestsPassPercent, MetricKind.Percent, "passed tests as a percentage of passed + failed"),
        new(CoverageLinePercent, MetricKind.Percent, "line coverage in percent"),
        new(TodoCount, MetricKind.Count, "TODO and FIXME markers in tracked text files"),
        new(DocsPublicApiPercent, MetricKind.Percent, "public C# API members with XML docs, in percent"),
        new(DepsOutdated, MetricKind.Count, "packages with a newer version available"),
        new(DepsVulnerable, MetricKind.Count, "packages with a known vulnerability"),
    ];

    /// <summary>The definition of <paramref name="name"/>, or null when it is not a known metric.</summary>
    public static MetricDefinition? Find(string name) => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    /// <summary>The known names, comma-separated, for error messages.</summary>
    public static string KnownNames => string.Join(", ", All.Select(m => m.Name));
}
