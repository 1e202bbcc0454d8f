namespace Agent.Activities.Assessment;

/// <summary>Runs one kind of test suite and reads its machine-readable report.</summary>
public interface ITestAdapter
{
    /// <summary>The runner's name in snapshots: <c>dotnet</c>, <c>node</c>, <c>pytest</c>.</summary>
    string Name { get; }

    /// <summary>Whether the repository has tests this adapter runs.</summary>
    bool AppliesTo(ProjectLayout layout);

    /// <summary>Runs the tests in <paramref name="root"/>.</summary>
    Task<TestRunResult> RunAsync(string root, ProjectLayout layout, TimeSpan timeout, CancellationToken cancellationToken);
}
