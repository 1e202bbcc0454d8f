namespace Agent.Workflows.Persistence;

/// <summary>Prepares the workflow database at start-up. Call once before using the stores.</summary>
public interface IWorkflowDatabaseInitializer
{
    /// <summary>
    /// Creates the database if needed and applies pending migrations.
    /// </summary>
    /// <exception cref="WorkflowStoreException">The database file is not a valid database; it is left untouched.</exception>
    Task InitializeAsync(CancellationToken cancellationToken = default);
}
