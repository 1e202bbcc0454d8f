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
    // Older versions usable as an activity (null: not usable), by version id; they never change once superseded.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, WorkflowDefinition?> _history = new(StringComparer.Ordinal);

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

    /// <summary>
    /// Reads one definition: its published and latest versions, and — when either is usable as an activity — its older
    /// versions usable as an activity, which a node may name. An older version that is neither latest nor published never
    /// changes again, so each is read once.
    /// </summary>
    public async Task RefreshAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var versions = await store.ListVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0) { catalog.Update(definitionId, exists: false, null, []); return; }
        var latestSummary = versions.FirstOrDefault(v => v.IsLatest) ?? versions.MaxBy(v => v.Version)!;
        var latest = await store.FindByIdAsync(latestSummary.Id, cancellationToken).ConfigureAwait(false);
        var publishedSummary = versions.FirstOrDefault(v => v.IsPublished);
        var published = publishedSummary is null ? null
            : publishedSummary.Id == latestSummary.Id ? latest
            : await store.FindByIdAsync(publishedSummary.Id, cancellationToken).ConfigureAwait(false);
        var usable = new List<WorkflowDefinition>();
        if (latest is not null && WorkflowActivityTypes.IsUsableAsActivity(latest) || published is not null && WorkflowActivityTypes.IsUsableAsActivity(published))
        {
            foreach (var summary in versions.Where(v => v.Id != latestSummary.Id && v.Id != publishedSummary?.Id))
            {
                if (!_history.TryGetValue(summary.Id, out var old))
                {
                    var loaded = await store.FindByIdAsync(summary.Id, cancellationToken).ConfigureAwait(false);
                    _history[summary.Id] = old = loaded is not null && WorkflowActivityTypes.IsUsableAsActivity(loaded) ? loaded : null;
                }
                if (old is not null) usable.Add(old);
            }
        }
        catalog.Update(definitionId, exists: true, published, usable, latest);
    }
}
