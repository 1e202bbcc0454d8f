namespace Agent.Activities.Assessment;

/// <summary>Runs one kind of test suite and reads its machine-readable report.</summary>
public interface ITestAdapter
{
    /// <summary>The runner's name in snapshots: <c>dotnet</c>, <c>node</c>, <c>pytest</c>, <c>unittest</c>.</summary>
    string Name { get; }

    /// <summary>The ecosystem whose installed dependencies the tests need (<see cref="Dependencies.IDependencyInstaller.Ecosystem"/>).</summary>
    string Ecosystem { get; }

    /// <summary>Whether the repository has tests this adapter runs.</summary>
    bool AppliesTo(ProjectLayout layout);

    /// <summary>Runs the tests of <see cref="TestRunContext.Root"/>.</summary>
    Task<TestRunResult> RunAsync(TestRunContext context, CancellationToken cancellationToken);
}

/// <summary>What a test adapter gets to run a repository's tests.</summary>
/// <param name="Root">The repository root.</param>
/// <param name="Layout">What it holds.</param>
/// <param name="Timeout">The longest the test run may take.</param>
/// <param name="Environment">Extra environment variables from the dependency installation (e.g. a Python virtual environment's PATH).</param>
/// <param name="PythonExecutable">The Python to run tests with: a virtual environment's, or <c>python3</c>.</param>
public sealed record TestRunContext(string Root, ProjectLayout Layout, TimeSpan Timeout, IReadOnlyDictionary<string, string?> Environment, string PythonExecutable);
