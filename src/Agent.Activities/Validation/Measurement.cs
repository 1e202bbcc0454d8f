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
}
