using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// Keeps the <see cref="WorkflowActivityCatalog"/> (and with it the activity registry) in step with the definition
/// store: everything is read at start-up (<see cref="LoadAllAsync"/>, run by the database initializer), and one
/// definition again after every change the definition service makes to it.
/// </summary>
public sealed class WorkflowActivityCatalogLoader(IWorkflowDefinitionStore store, WorkflowActivityCatalog catalog) : IWorkflowDefinitionChangeListener
{
    private const int PageSize = 200;

    /// <summary>Reads every stored definition.</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken = default)
    {
        for (var skip = 0; ; skip += PageSize)
        {
            var page = await store.ListLatestAsync(new DefinitionQuery(Skip: skip, Take: PageSize), cancellationToken).ConfigureAwait(false);
            foreach (var d in page.Items) await RefreshAsync(d.DefinitionId, cancellationToken).ConfigureAwait(false);
            if (page.Items.Count < PageSize) break;
        }
    }

    /// <inheritdoc />
    public Task OnChangedAsync(string definitionId, CancellationToken cancellationToken) => RefreshAsync(definitionId, cancellationToken);

    /// <summary>Reads one definition's published version and its versions usable as an activity.</summary>
    public async Task RefreshAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var versions = await store.ListVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0) { catalog.Update(definitionId, exists: false, null, []); return; }
        WorkflowDefinition? published = null, latest = null;
        var usable = new List<WorkflowDefinition>();
        foreach (var summary in versions)
        {
            var version = await store.FindByIdAsync(summary.Id, cancellationToken).ConfigureAwait(false);
            if (version is null) continue;
            if (version.IsLatest) latest = version;
            if (version.IsPublished) published = version;
            // The latest version when unpublished is a draft (or retracted): only a running instance may still use it.
            else if (!version.IsLatest && WorkflowActivityTypes.IsUsableAsActivity(version)) usable.Add(version);
        }
        catalog.Update(definitionId, exists: true, published, usable, latest);
    }
}
