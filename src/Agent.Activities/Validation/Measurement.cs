using Agent.Activities.Assessment;
using Agent.Activities.Goals;

namespace Agent.Activities.Validation;

/// <summary>
/// What the gates, the gap check and the score need to know about one build-and-test run of a repository. The
/// measurement adapters (dotnet test, npm test, pytest) fill it; <see cref="Metrics"/> carries any further figures by
/// name (coverage…). What could not be measured says so (<see cref="HasBuild"/>, <see cref="TestsMeasured"/> and their
/// reasons), so a failed measurement is never read as "0 tests".
/// </summary>
public sealed record Measurement
{
    /// <summary>True when the build succeeded, or when there is no build to run.</summary>
    public bool BuildSucceeded { get; init; } = true;

    /// <summary>True when a build ran and its result is known (false: no .NET project, or the build could not run).</summary>
    public bool HasBuild { get; init; } = true;

    /// <summary>Why the build's result is unknown although there is one to run (timeout, dotnet missing); null otherwise.</summary>
    public string? BuildProblem { get; init; }

    /// <summary>Build warnings.</summary>
    public int Warnings { get; init; }

    /// <summary>True when the test counts were read from a report; false when no runner was found or its report could not be read.</summary>
    public bool TestsMeasured { get; init; } = true;

    /// <summary>Why the test counts are unknown, when they are.</summary>
    public string? TestsUnknownReason { get; init; }

    /// <summary>Tests that passed.</summary>
    public int TestsPassed { get; init; }

    /// <summary>Tests that failed.</summary>
    public int TestsFailed { get; init; }

    /// <summary>Tests found (passed, failed and skipped).</summary>
    public int TestsTotal { get; init; }

    /// <summary>The names of the failing tests (fully qualified where the runner gives them).</summary>
    public IReadOnlyList<string> FailingTests { get; init; } = [];

    /// <summary>The names of the passing tests, named as <see cref="FailingTests"/> are.</summary>
    public IReadOnlyList<string> PassingTests { get; init; } = [];

    /// <summary>Build warnings and errors.</summary>
    public IReadOnlyList<BuildDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Public members without XML docs.</summary>
    public IReadOnlyList<UndocumentedMember> UndocumentedMembers { get; init; } = [];

    /// <summary>TODO and FIXME markers.</summary>
    public IReadOnlyList<TodoMarker> Todos { get; init; } = [];

    /// <summary>Outdated or vulnerable packages, as <c>name current → latest</c>.</summary>
    public IReadOnlyList<string> OutdatedPackages { get; init; } = [];

    /// <summary>Every outdated or vulnerable top-level package with its evidence.</summary>
    public IReadOnlyList<Assessment.DependencyStatus> Dependencies { get; init; } = [];

    /// <summary>Further figures by name, e.g. <c>coverage</c> (percent), <c>todos</c>; weighted by <see cref="ValidationOptions.MetricWeights"/>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Whether every test command exited 0 (<c>tests.suite-passed</c>), or null when not known; for a runner whose
    /// results cannot be read this exit code is the only test measurement.</summary>
    public bool? SuitePassed => Metrics.TryGetValue(MetricCatalog.TestsSuitePassed, out var v) ? v >= 1 : null;

    /// <summary>True when the build ran and failed.</summary>
    public bool BuildFailed => HasBuild && !BuildSucceeded;

    /// <summary>
    /// The gates' view of an assessment snapshot: the same figures under the same names (one measurement concept for
    /// Assess and Validate). Without a build (no .NET project) the build counts as succeeded; unknown test counts read
    /// as zero but <see cref="TestsMeasured"/> is false, so no comparison takes them for a measurement.
    /// </summary>
    public static Measurement From(MeasurementSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int Count(string metric) => (int)Math.Round(snapshot.Metrics.GetValueOrDefault(metric));
        var further = snapshot.Metrics.Where(m => !Core.Contains(m.Key)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        var hasBuild = snapshot.Metrics.TryGetValue(MetricCatalog.BuildSucceeded, out var built);
        var buildUnknown = snapshot.Unknown.GetValueOrDefault(MetricCatalog.BuildSucceeded);
        return new Measurement
        {
            BuildSucceeded = !hasBuild || built >= 1,
            HasBuild = hasBuild,
            BuildProblem = hasBuild || buildUnknown == AssessmentService.NoBuildReason ? null : buildUnknown,
            Warnings = Count(MetricCatalog.BuildWarnings),
            TestsMeasured = snapshot.Metrics.ContainsKey(MetricCatalog.TestsTotal),
            TestsUnknownReason = snapshot.Unknown.GetValueOrDefault(MetricCatalog.TestsTotal),
            TestsPassed = Count(MetricCatalog.TestsPassed),
            TestsFailed = Count(MetricCatalog.TestsFailed),
            TestsTotal = Count(MetricCatalog.TestsTotal),
            FailingTests = [.. snapshot.FailingTests.Select(TestName)],
            PassingTests = [.. snapshot.PassingTests],
            Diagnostics = [.. snapshot.Diagnostics],
            UndocumentedMembers = [.. snapshot.UndocumentedMembers],
            Todos = [.. snapshot.Todos],
            OutdatedPackages = [.. snapshot.OutdatedPackages],
            Dependencies = [.. snapshot.Dependencies],
            Metrics = further,
        };
    }

    /// <summary>A failing test's name as the gates compare it: qualified by its class where the runner gives one.</summary>
    public static string TestName(FailingTest test) => TestNames.Of(test);

    /// <summary>How the build and the tests read, for one line of progress: "build fails (2 errors), tests not run", "4/5 tests pass".</summary>
    public string Describe()
    {
        var build = BuildFailed ? $"build fails ({Diagnostics.Count(d => d.Severity == "error")} error(s))"
            : BuildProblem is not null ? "build could not run"
            : null;
        var tests = TestsMeasured ? $"{TestsPassed}/{TestsTotal} tests pass"
            : BuildFailed ? "tests not run"
            : SuitePassed is { } suite ? $"test suite {(suite ? "passes" : "fails")} (exit code only)"
            : "tests not measured";
        return build is null ? tests : $"{build}, {tests}";
    }

    private static readonly HashSet<string> Core = [MetricCatalog.BuildSucceeded, MetricCatalog.BuildWarnings, MetricCatalog.TestsPassed, MetricCatalog.TestsFailed, MetricCatalog.TestsTotal];
}
