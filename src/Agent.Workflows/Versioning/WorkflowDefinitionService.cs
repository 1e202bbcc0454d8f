using Agent.Workflows.Validation;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Definition versions with Elsa's rules: one latest version per definition, at most one published version,
/// drafts edited in place, publishing a new version retires the previous one (kept, unpublished).
/// Every operation that changes several versions writes them in one transaction, and every write is validated
/// first by the registered <see cref="IWorkflowDefinitionValidator"/>s.
/// </summary>
public sealed class WorkflowDefinitionService
{
    private readonly IWorkflowDefinitionStore _store;
    private readonly IReadOnlyList<IWorkflowDefinitionValidator> _validators;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IWorkflowDefinitionChangeListener> _listeners;
    // Each write reads the current versions, then writes; serializing writes in-process keeps two of them from
    // deciding on the same version number. Across processes the store's unique (definitionId, version) catches it.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>Creates the service.</summary>
    public WorkflowDefinitionService(IWorkflowDefinitionStore store, IEnumerable<IWorkflowDefinitionValidator> validators, TimeProvider time)
        : this(store, validators, time, []) { }

    /// <summary>Creates the service; <paramref name="listeners"/> are told of every change it stores.</summary>
    public WorkflowDefinitionService(IWorkflowDefinitionStore store, IEnumerable<IWorkflowDefinitionValidator> validators, TimeProvider time,
        IEnumerable<IWorkflowDefinitionChangeListener> listeners)
    {
        _listeners = listeners?.ToList() ?? throw new ArgumentNullException(nameof(listeners));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _validators = validators?.ToList() ?? throw new ArgumentNullException(nameof(validators));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The latest version of every definition, one page, with a search on name or definition id.</summary>
    public Task<PagedList<WorkflowDefinitionSummary>> ListAsync(DefinitionQuery query, CancellationToken cancellationToken = default) =>
        _store.ListLatestAsync(query, cancellationToken);

    /// <summary>One version by its version id, or null (instances refer to versions this way).</summary>
    public Task<WorkflowDefinition?> FindByVersionIdAsync(string versionId, CancellationToken cancellationToken = default) =>
        _store.FindByIdAsync(versionId, cancellationToken);

    /// <summary>
    /// Saves <paramref name="definition"/>'s content as the draft of its definition. A new definition id gets
    /// version 1; when the latest version is published a new version is created after it; when the latest is
    /// a draft it is updated in place. The caller's object is not modified.
    /// </summary>
    /// <returns>The stored draft.</returns>
    /// <exception cref="InvalidDefinitionException">A validator rejected the content; nothing was stored.</exception>
    public async Task<WorkflowDefinition> SaveDraftAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var draft = DefinitionJson.Clone(definition);
        if (string.IsNullOrWhiteSpace(draft.DefinitionId)) draft.DefinitionId = NewId();
        return await WriteAsync(draft.DefinitionId, async () =>
        {
            var latest = await _store.FindAsync(draft.DefinitionId, VersionOptions.Latest, cancellationToken).ConfigureAwait(false);
            if (latest is { IsPublished: false })
            {
                (draft.Id, draft.Version, draft.CreatedAt) = (latest.Id, latest.Version, latest.CreatedAt);
                MarkDraft(draft);
                Validate(draft);
                await _store.SaveAsync(draft, cancellationToken).ConfigureAwait(false);
                return draft;
            }
            return await AddVersionAsync(draft, latest, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes the latest version; every other version is unpublished (kept as history). When the latest
    /// version is already published nothing changes.
    /// </summary>
    /// <returns>The published version.</returns>
    /// <exception cref="WorkflowDefinitionNotFoundException">The definition does not exist.</exception>
    public Task<WorkflowDefinition> PublishAsync(string definitionId, CancellationToken cancellationToken = default) =>
        WriteAsync(definitionId, async () =>
        {
            var latest = await RequireAsync(definitionId, VersionOptions.Latest, cancellationToken).ConfigureAwait(false);
            if (latest.IsPublished) return latest;
            latest.IsPublished = true;
            Validate(latest);
            var upserts = new List<WorkflowDefinition> { latest };
            upserts.AddRange(await RetireOthersAsync(definitionId, latest.Id, clearLatest: false, unpublish: true, cancellationToken).ConfigureAwait(false));
            await _store.SaveAsync(new DefinitionWriteBatch(upserts, []), cancellationToken).ConfigureAwait(false);
            return latest;
        }, cancellationToken);

    /// <summary>Unpublishes the published version; it stays stored and, if it was, latest.</summary>
    /// <returns>The retracted version.</returns>
    /// <exception cref="WorkflowDefinitionNotFoundException">The definition does not exist.</exception>
    /// <exception cref="WorkflowDefinitionStateException">No version is published.</exception>
    public Task<WorkflowDefinition> RetractAsync(string definitionId, CancellationToken cancellationToken = default) =>
        WriteAsync(definitionId, async () =>
        {
            await RequireAsync(definitionId, VersionOptions.Latest, cancellationToken).ConfigureAwait(false);
            var published = await _store.FindAsync(definitionId, VersionOptions.Published, cancellationToken).ConfigureAwait(false)
                ?? throw new WorkflowDefinitionStateException($"Workflow definition '{definitionId}' has no published version to retract.");
            published.IsPublished = false;
            await _store.SaveAsync(published, cancellationToken).ConfigureAwait(false);
            return published;
        }, cancellationToken);

    /// <summary>All versions of a definition, oldest first.</summary>
    /// <exception cref="WorkflowDefinitionNotFoundException">The definition does not exist.</exception>
    public async Task<IReadOnlyList<WorkflowDefinitionSummary>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var versions = await _store.ListVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
        return versions.Count > 0 ? versions : throw new WorkflowDefinitionNotFoundException(definitionId);
    }

    /// <summary>The version <paramref name="versionOptions"/> selects.</summary>
    /// <exception cref="WorkflowDefinitionNotFoundException">The definition does not exist.</exception>
    /// <exception cref="VersionNotFoundException">The definition exists but has no such version.</exception>
    /// <exception cref="WorkflowDefinitionStateException">Published was asked for and no version is published.</exception>
    public Task<WorkflowDefinition> GetAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken = default) =>
        RequireAsync(definitionId, versionOptions, cancellationToken);

    /// <summary>The version with number <paramref name="version"/>.</summary>
    /// <exception cref="WorkflowDefinitionNotFoundException">The definition does not exist.</exception>
    /// <exception cref="VersionNotFoundException">The definition has no such version; the message lists those it has.</exception>
    public Task<WorkflowDefinition> GetVersionAsync(string definitionId, int version, CancellationToken cancellationToken = default) =>
        RequireAsync(definitionId, VersionOptions.SpecificVersion(version), cancellationToken);

    /// <summary>Copies the content of version <paramref name="version"/> into a new latest draft version.</summary>
    /// <returns>The new draft.</returns>
    /// <exception cref="WorkflowDefinitionNotFoundException">The definition does not exist.</exception>
    /// <exception cref="VersionNotFoundException">The version does not exist.</exception>
    public Task<WorkflowDefinition> RevertAsync(string definitionId, int version, CancellationToken cancellationToken = default) =>
        WriteAsync(definitionId, async () =>
        {
            var source = await RequireAsync(definitionId, VersionOptions.SpecificVersion(version), cancellationToken).ConfigureAwait(false);
            var latest = await RequireAsync(definitionId, VersionOptions.Latest, cancellationToken).ConfigureAwait(false);
            return await AddVersionAsync(source, latest, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Deletes the latest version when it is a draft; the version before it becomes latest.</summary>
    /// <returns>The new latest version, or null when the draft was the only version.</returns>
    /// <exception cref="WorkflowDefinitionNotFoundException">The definition does not exist.</exception>
    /// <exception cref="WorkflowDefinitionStateException">The latest version is published, so there is no draft to delete.</exception>
    public Task<WorkflowDefinition?> DeleteDraftAsync(string definitionId, CancellationToken cancellationToken = default) =>
        WriteAsync(definitionId, async () =>
        {
            var latest = await RequireAsync(definitionId, VersionOptions.Latest, cancellationToken).ConfigureAwait(false);
            if (latest.IsPublished)
                throw new WorkflowDefinitionStateException(
                    $"Workflow definition '{definitionId}' has no draft to delete: its latest version {latest.Version} is published. Retract it first, or save a draft.");
            var versions = await _store.ListVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
            var previousSummary = versions.Where(v => v.Id != latest.Id).MaxBy(v => v.Version);
            WorkflowDefinition? previous = null;
            if (previousSummary is not null)
            {
                previous = await _store.FindByIdAsync(previousSummary.Id, cancellationToken).ConfigureAwait(false);
                previous!.IsLatest = true;
            }
            await _store.SaveAsync(new DefinitionWriteBatch(previous is null ? [] : [previous], [latest.Id]), cancellationToken).ConfigureAwait(false);
            return previous;
        }, cancellationToken);

    /// <summary>Deletes every version of a definition.</summary>
    /// <returns>How many versions were deleted; 0 when the definition did not exist.</returns>
    public Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default) =>
        WriteAsync(definitionId, () => _store.DeleteAsync(definitionId, cancellationToken), cancellationToken);

    /// <summary>Writes a version as indented JSON to <paramref name="destination"/> (left open).</summary>
    /// <exception cref="WorkflowDefinitionNotFoundException">The definition does not exist.</exception>
    public async Task ExportAsync(string definitionId, Stream destination, VersionOptions? versionOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var definition = await RequireAsync(definitionId, versionOptions ?? VersionOptions.Latest, cancellationToken).ConfigureAwait(false);
        await System.Text.Json.JsonSerializer.SerializeAsync(destination, definition, WorkflowJson.Indented, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a version to <c>{directory}/{definitionId}.json</c>, creating the folder if needed.</summary>
    /// <returns>The path of the file written.</returns>
    public async Task<string> ExportAsync(string definitionId, string directory, VersionOptions? versionOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var definition = await RequireAsync(definitionId, versionOptions ?? VersionOptions.Latest, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, DefinitionFiles.FileName(definition.DefinitionId));
        await DefinitionFiles.WriteAsync(path, definition, cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>
    /// Imports one definition from JSON: stored when its definition id is unknown or its version is newer than
    /// every stored version (keeping the file's version number), skipped otherwise. A stored version is never
    /// overwritten.
    /// </summary>
    /// <exception cref="WorkflowDefinitionImportException">The JSON is not a definition; nothing was stored.</exception>
    /// <exception cref="InvalidDefinitionException">A validator rejected it; nothing was stored.</exception>
    public async Task<DefinitionImportResult> ImportAsync(string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        var definition = DefinitionJson.Parse(json, "the given JSON");
        return await ImportAsync(definition, "the given JSON", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes sure the definition in <paramref name="json"/> is stored so an instance of it can run and be resumed
    /// later: imported when new, reused when the stored version with its number behaves the same (layout does
    /// not count), otherwise saved as a new draft version.
    /// </summary>
    /// <exception cref="WorkflowDefinitionImportException">The JSON is not a definition; nothing was stored.</exception>
    /// <exception cref="InvalidDefinitionException">A validator rejected it; nothing was stored.</exception>
    public async Task<StoredForRun> StoreForRunAsync(string json, string source, CancellationToken cancellationToken = default)
    {
        var parsed = DefinitionJson.Parse(json, source);
        var imported = await ImportAsync(DefinitionJson.Clone(parsed), source, cancellationToken).ConfigureAwait(false);
        if (imported.Outcome == DefinitionImportOutcome.Imported)
            return new(await GetVersionAsync(parsed.DefinitionId, parsed.Version, cancellationToken).ConfigureAwait(false), false);
        var stored = await _store.FindAsync(parsed.DefinitionId, VersionOptions.SpecificVersion(parsed.Version), cancellationToken).ConfigureAwait(false);
        if (stored is not null && !DefinitionDiffer.Compare(stored, parsed).HasBehaviouralChanges) return new(stored, false);
        return new(await SaveDraftAsync(parsed, cancellationToken).ConfigureAwait(false), true);
    }

    /// <summary>
    /// Imports every <c>*.json</c> file of <paramref name="directory"/> (not its subfolders) by the rules of
    /// <see cref="ImportAsync(string, CancellationToken)"/>, older versions first. A file that cannot be read or does
    /// not validate is reported as failed and does not stop the others. A missing folder imports nothing.
    /// </summary>
    public async Task<DefinitionImportReport> ImportDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var results = new List<DefinitionImportResult>();
        var parsed = new List<(string Source, WorkflowDefinition Definition)>();
        foreach (var file in DefinitionFiles.List(directory))
        {
            try
            {
                parsed.Add((file, DefinitionJson.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), $"'{file}'")));
            }
            catch (Exception ex) when (ex is WorkflowDefinitionImportException or IOException or UnauthorizedAccessException)
            {
                results.Add(new DefinitionImportResult(file, null, null, DefinitionImportOutcome.Failed, ex.Message));
            }
        }
        // Older versions first, so that files v1.json and v2.json of one definition both land, v2 as latest. A definition
        // refused on the first pass is tried again once others landed, as long as that helps: it may use a workflow of the
        // folder as an activity, which must be stored first.
        var pending = parsed.OrderBy(p => p.Definition.DefinitionId, StringComparer.Ordinal).ThenBy(p => p.Definition.Version).ToList();
        while (pending.Count > 0)
        {
            var refused = new List<(string Source, WorkflowDefinition Definition, string Reason)>();
            foreach (var (source, definition) in pending)
            {
                try
                {
                    results.Add(await ImportAsync(definition, source, cancellationToken).ConfigureAwait(false));
                }
                catch (InvalidDefinitionException ex) { refused.Add((source, definition, ex.Message)); }
                catch (ConcurrencyConflictException ex)
                {
                    results.Add(new DefinitionImportResult(source, definition.DefinitionId, definition.Version, DefinitionImportOutcome.Failed, ex.Message));
                }
            }
            if (refused.Count == 0 || refused.Count == pending.Count)
            {
                results.AddRange(refused.Select(r => new DefinitionImportResult(r.Source, r.Definition.DefinitionId, r.Definition.Version, DefinitionImportOutcome.Failed, r.Reason)));
                break;
            }
            pending = refused.ConvertAll(r => (r.Source, r.Definition));
        }
        return new DefinitionImportReport(results);
    }

    private Task<DefinitionImportResult> ImportAsync(WorkflowDefinition incoming, string source, CancellationToken cancellationToken) =>
        WriteAsync(incoming.DefinitionId, async () =>
        {
            var versions = await _store.ListVersionsAsync(incoming.DefinitionId, cancellationToken).ConfigureAwait(false);
            var newest = versions.Count == 0 ? null : versions.MaxBy(v => v.Version);
            if (newest is not null && newest.Version >= incoming.Version)
            {
                var why = newest.Version == incoming.Version
                    ? $"version {incoming.Version} is already stored"
                    : $"the stored version {newest.Version} is newer than the file's version {incoming.Version}";
                return new DefinitionImportResult(source, incoming.DefinitionId, incoming.Version, DefinitionImportOutcome.Skipped, why);
            }

            var imported = DefinitionJson.Clone(incoming);
            imported.IsLatest = true;
            if (string.IsNullOrWhiteSpace(imported.Id) || await _store.FindByIdAsync(imported.Id, cancellationToken).ConfigureAwait(false) is not null)
                imported.Id = NewId();
            if (imported.CreatedAt == default) imported.CreatedAt = _time.GetUtcNow();
            Validate(imported);

            var upserts = new List<WorkflowDefinition> { imported };
            upserts.AddRange(await RetireOthersAsync(imported.DefinitionId, imported.Id, clearLatest: true,
                unpublish: imported.IsPublished, cancellationToken).ConfigureAwait(false));
            await _store.SaveAsync(new DefinitionWriteBatch(upserts, []), cancellationToken).ConfigureAwait(false);
            var what = newest is null ? "new definition" : $"newer than the stored version {newest.Version}";
            return new DefinitionImportResult(source, imported.DefinitionId, imported.Version, DefinitionImportOutcome.Imported, what);
        }, cancellationToken);

    // Stores `content` as a new draft numbered after `latest`, which stops being latest (its published flag stays).
    private async Task<WorkflowDefinition> AddVersionAsync(WorkflowDefinition content, WorkflowDefinition? latest, CancellationToken cancellationToken)
    {
        var draft = DefinitionJson.Clone(content);
        draft.Id = NewId();
        draft.Version = (latest?.Version ?? 0) + 1;
        draft.CreatedAt = _time.GetUtcNow();
        MarkDraft(draft);
        Validate(draft);
        var upserts = new List<WorkflowDefinition> { draft };
        if (latest is not null)
        {
            latest.IsLatest = false;
            upserts.Add(latest);
        }
        await _store.SaveAsync(new DefinitionWriteBatch(upserts, []), cancellationToken).ConfigureAwait(false);
        return draft;
    }

    // Loads the versions other than `keepId` that must stop being latest and/or published, with the flags cleared.
    private async Task<List<WorkflowDefinition>> RetireOthersAsync(string definitionId, string keepId, bool clearLatest, bool unpublish, CancellationToken cancellationToken)
    {
        var changed = new List<WorkflowDefinition>();
        var versions = await _store.ListVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
        foreach (var v in versions.Where(v => v.Id != keepId && ((clearLatest && v.IsLatest) || (unpublish && v.IsPublished))))
        {
            var other = await _store.FindByIdAsync(v.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new ConcurrencyConflictException($"Version {v.Version} of '{definitionId}' disappeared while being updated.");
            if (clearLatest) other.IsLatest = false;
            if (unpublish) other.IsPublished = false;
            changed.Add(other);
        }
        return changed;
    }

    private async Task<WorkflowDefinition> RequireAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(definitionId);
        var found = await _store.FindAsync(definitionId, versionOptions, cancellationToken).ConfigureAwait(false);
        if (found is not null) return found;
        var versions = await _store.ListVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0) throw new WorkflowDefinitionNotFoundException(definitionId);
        if (versionOptions.IsSpecificVersion)
            throw new VersionNotFoundException(definitionId, versionOptions.Version, versions.Select(v => v.Version).ToList());
        throw new WorkflowDefinitionStateException($"Workflow definition '{definitionId}' has no {versionOptions} version.");
    }

    private void Validate(WorkflowDefinition definition)
    {
        if (_validators.Count == 0) return;
        var errors = _validators.SelectMany(v => v.Validate(definition)).ToList();
        if (errors.Count > 0) throw new InvalidDefinitionException(definition.DefinitionId, errors);
    }

    private static void MarkDraft(WorkflowDefinition d) => (d.IsLatest, d.IsPublished) = (true, false);

    private static string NewId() => Guid.NewGuid().ToString("N");

    // The listeners hear of the change inside the gate, so a write that follows (e.g. a parent using the workflow just
    // published) is validated against what is stored.
    private async Task<T> WriteAsync<T>(string definitionId, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await write().ConfigureAwait(false);
            foreach (var listener in _listeners) await listener.OnChangedAsync(definitionId, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
