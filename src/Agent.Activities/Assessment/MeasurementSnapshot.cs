namespace Agent.Activities.Assessment;

/// <summary>A test that failed, with what the runner said about it.</summary>
/// <param name="Name">The test's name as the runner reports it (method name, or the node test's title).</param>
/// <param name="ClassName">The test class or suite, when the runner gives one.</param>
/// <param name="Message">The failure message.</param>
/// <param name="StackTrace">The stack trace, when there is one.</param>
public sealed record FailingTest(string Name, string? ClassName, string? Message, string? StackTrace);

/// <summary>A build warning or error.</summary>
/// <param name="Severity"><c>warning</c> or <c>error</c>.</param>
/// <param name="Code">The diagnostic id, e.g. <c>CS0219</c>.</param>
/// <param name="Message">The message.</param>
/// <param name="File">The file relative to the target root, when it is inside it.</param>
/// <param name="Line">The 1-based line, when known.</param>
public sealed record BuildDiagnostic(string Severity, string Code, string Message, string? File, int? Line);

/// <summary>A public API member without XML documentation.</summary>
/// <param name="Member">Its name, e.g. <c>Arithmetic.Negate(int)</c>.</param>
/// <param name="File">The file relative to the target root.</param>
/// <param name="Line">The 1-based line of its declaration.</param>
public sealed record UndocumentedMember(string Member, string File, int Line);

/// <summary>A TODO or FIXME marker.</summary>
/// <param name="File">The file relative to the target root.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Text">The line's text, trimmed.</param>
public sealed record TodoMarker(string File, int Line, string Text);

/// <summary>
/// What an assessment measured in one target at one commit. <see cref="Metrics"/> holds only values that were
/// really measured; a metric that could not be measured is in <see cref="Unknown"/> with the reason, never guessed.
/// </summary>
public sealed record MeasurementSnapshot
{
    /// <summary>The store's id (0 before it is stored).</summary>
    public long Id { get; init; }

    /// <summary>The target repository's full path.</summary>
    public required string TargetPath { get; init; }

    /// <summary>The commit measured (HEAD), or null for a repository without commits.</summary>
    public string? CommitId { get; init; }

    /// <summary>When the measurement finished.</summary>
    public DateTimeOffset TakenAt { get; init; }

    /// <summary>Measured values by metric name (see <see cref="Goals.MetricCatalog"/>).</summary>
    public Dictionary<string, double> Metrics { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Metrics that could not be measured, with the reason.</summary>
    public Dictionary<string, string> Unknown { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The test runners used, e.g. <c>dotnet</c>, <c>node</c>, <c>pytest</c>.</summary>
    public List<string> TestRunners { get; init; } = [];

    /// <summary>How each test runner was run, e.g. <c>jest: npm test -- --json --outputFile …</c>.</summary>
    public List<string> TestCommands { get; init; } = [];

    /// <summary>What was installed before measuring, per ecosystem, e.g. <c>node: npm ci, cached in …</c>, or why it failed.</summary>
    public List<string> DependencyInstalls { get; init; } = [];

    /// <summary>The failing tests.</summary>
    public List<FailingTest> FailingTests { get; init; } = [];

    /// <summary>The names of the tests that passed, qualified by their class where the runner gives one (<see cref="TestNames.Qualify"/>).</summary>
    public List<string> PassingTests { get; init; } = [];

    /// <summary>Build warnings and errors (distinct).</summary>
    public List<BuildDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Public members without XML docs.</summary>
    public List<UndocumentedMember> UndocumentedMembers { get; init; } = [];

    /// <summary>TODO and FIXME markers.</summary>
    public List<TodoMarker> Todos { get; init; } = [];

    /// <summary>Outdated or vulnerable packages, as <c>name current → latest</c>.</summary>
    public List<string> OutdatedPackages { get; init; } = [];

    /// <summary>Every outdated or vulnerable top-level package with its evidence (current, latest, advisory).</summary>
    public List<DependencyStatus> Dependencies { get; init; } = [];

    /// <summary>The tail of the test runner's output when tests failed or could not be read (for research).</summary>
    public string? TestOutputTail { get; set; }
}
