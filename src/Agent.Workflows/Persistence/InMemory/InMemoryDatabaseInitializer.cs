namespace Agent.Workflows.Persistence.InMemory;

/// <summary>Nothing to prepare for in-memory stores.</summary>
public sealed class InMemoryDatabaseInitializer : IWorkflowDatabaseInitializer
{
    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
