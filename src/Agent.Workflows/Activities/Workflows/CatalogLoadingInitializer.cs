using Agent.Workflows.Persistence;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// The database initializer every entry point (server, CLI) calls once at start-up, extended to fill the
/// <see cref="WorkflowActivityCatalog"/> from the store once the database is ready, so workflows usable as activities
/// are activity types from the first request on.
/// </summary>
internal sealed class CatalogLoadingInitializer(IWorkflowDatabaseInitializer database, WorkflowActivityCatalogLoader loader) : IWorkflowDatabaseInitializer
{
    /// <summary>The provider's own initializer, which this one runs first.</summary>
    internal IWorkflowDatabaseInitializer Database => database;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await loader.LoadAllAsync(cancellationToken).ConfigureAwait(false);
    }
}
