using Agent.Activities.Assessment;
using Agent.Activities.Goals;

namespace Agent.Activities.Validation;

/// <summary>
/// What the gates and the score need to know about one build-and-test run of a repository. The measurement adapters
/// (dotnet test, npm test, pytest) fill it; <see cref="Metrics"/> carries any further figures by name (coverage…).
/// </summary>
public sealed record Measurement
{
    /// <summary>True when the build succeeded.</summary>
    public bool BuildSucceeded { get; init; } = true;

    /// <summary>Build warnings.</summary>
    public int Warnings { get; init; }

    /// <summary>Tests that passed.</summary>
    public int TestsPassed { get; init; }

    /// <summary>Tests that failed.</summary>
    public int TestsFailed { get; init; }

    /// <summary>Tests found (passed, failed and skipped).</summary>
    public int TestsTotal { get; init; }

    /// <summary>The names of the failing tests (fully qualified where the runner gives them).</summary>
    public IReadOnlyList<string> FailingTests { get; init; } = [];

    /// <summary>Further figures by name, e.g. <c>coverage</c> (percent), <c>todos</c>; weighted by <see cref="ValidationOptions.MetricWeights"/>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// The gates' view of an assessment snapshot: the same figures under the same names (one measurement concept for
    /// Assess and Validate). Without a build (no .NET project) the build counts as succeeded, an unknown test count as zero; both sides of a comparison are read alike.
    /// </summary>
    public static Measurement From(MeasurementSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int Count(string metric) => (int)Math.Round(snapshot.Metrics.GetValueOrDefault(metric));
        var further = snapshot.Metrics.Where(m => !Core.Contains(m.Key)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        return new Measurement
        {
            BuildSucceeded = !snapshot.Metrics.TryGetValue(MetricCatalog.BuildSucceeded, out var built) || built >= 1,
            Warnings = Count(MetricCatalog.BuildWarnings),
            TestsPassed = Count(MetricCatalog.TestsPassed),
            TestsFailed = Count(MetricCatalog.TestsFailed),
            TestsTotal = Count(MetricCatalog.TestsTotal),
            FailingTests = [.. snapshot.FailingTests.Select(TestName)],
            Metrics = further,
        };
    }

    /// <summary>A failing test's name as the gates compare it: qualified by its class where the runner gives one.</summary>
    public static string TestName(FailingTest test)
    {
        return TestNames.Of(test);
    }

    private static readonly HashSet<string> Core = [MetricCatalog.BuildSucceeded, MetricCatalog.BuildWarnings, MetricCatalog.TestsPassed, MetricCatalog.TestsFailed, MetricCatalog.TestsTotal];
}
