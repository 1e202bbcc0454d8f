using Agent.Workflows.Model;

namespace Agent.Workflows.Persistence;

/// <summary>Which version of a definition to pick, as in Elsa's <c>VersionOptions</c>.</summary>
public readonly record struct VersionOptions
{
    private enum Kind { Latest, Published, LatestOrPublished, Specific }

    private readonly Kind _kind;

    private VersionOptions(Kind kind, int version) => (_kind, Version) = (kind, version);

    /// <summary>The latest version, draft or published.</summary>
    public static VersionOptions Latest => new(Kind.Latest, 0);

    /// <summary>The published version.</summary>
    public static VersionOptions Published => new(Kind.Published, 0);

    /// <summary>The published version when there is one, otherwise the latest (a never-published definition's draft).</summary>
    public static VersionOptions LatestOrPublished => new(Kind.LatestOrPublished, 0);

    /// <summary>The version with this number.</summary>
    public static VersionOptions SpecificVersion(int version) => new(Kind.Specific, version);

    /// <summary>The version number asked for; 0 unless <see cref="IsSpecificVersion"/>.</summary>
    public int Version { get; }

    /// <summary>True for <see cref="Latest"/>.</summary>
    public bool IsLatest => _kind == Kind.Latest;

    /// <summary>True for <see cref="Published"/>.</summary>
    public bool IsPublished => _kind == Kind.Published;

    /// <summary>True for <see cref="LatestOrPublished"/>.</summary>
    public bool IsLatestOrPublished => _kind == Kind.LatestOrPublished;

    /// <summary>True for <see cref="SpecificVersion"/>.</summary>
    public bool IsSpecificVersion => _kind == Kind.Specific;

    /// <inheritdoc />
    public override string ToString() => _kind == Kind.Specific ? $"version {Version}" : _kind.ToString();
}

/// <summary>A definition version without its content, for lists.</summary>
public sealed record WorkflowDefinitionSummary(
    string Id, string DefinitionId, int Version, string? Name, bool IsLatest, bool IsPublished, DateTimeOffset CreatedAt);

/// <summary>Filter for listing definitions: a case-insensitive search on name or definition id, and a page.</summary>
public sealed record DefinitionQuery(string? Search = null, int Skip = 0, int Take = 100);

/// <summary>One page of results and the number of matches over all pages.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int TotalCount);

/// <summary>Version rows to write and delete together, atomically.</summary>
public sealed record DefinitionWriteBatch(IReadOnlyList<WorkflowDefinition> Upserts, IReadOnlyList<string> DeletedVersionIds)
{
    /// <summary>A batch that only writes.</summary>
    public DefinitionWriteBatch(params WorkflowDefinition[] upserts) : this(upserts, []) { }
}

/// <summary>
/// Storage for definition versions: one row per version, keyed by version id, unique per (definition id, version).
/// The version rules (what is latest, what is published) live in <c>WorkflowDefinitionService</c>; this store
/// writes what it is given.
/// </summary>
public interface IWorkflowDefinitionStore
{
    /// <summary>Loads one version by its version id, or null.</summary>
    Task<WorkflowDefinition?> FindByIdAsync(string versionId, CancellationToken cancellationToken = default);

    /// <summary>Loads the version of <paramref name="definitionId"/> that <paramref name="versionOptions"/> selects, or null.</summary>
    Task<WorkflowDefinition?> FindAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken = default);

    /// <summary>The latest version of every definition, ordered by name then definition id.</summary>
    Task<PagedList<WorkflowDefinitionSummary>> ListLatestAsync(DefinitionQuery query, CancellationToken cancellationToken = default);

    /// <summary>All versions of one definition, oldest first; empty when the definition is unknown.</summary>
    Task<IReadOnlyList<WorkflowDefinitionSummary>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces one version (matched by <see cref="WorkflowDefinition.Id"/>).</summary>
    /// <exception cref="ConcurrencyConflictException">Another version already has this definition id and version number.</exception>
    Task SaveAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>Applies deletions then upserts in one transaction: all or nothing.</summary>
    /// <exception cref="ConcurrencyConflictException">An upsert collides with another version's definition id and version number.</exception>
    Task SaveAsync(DefinitionWriteBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Deletes every version of a definition; returns how many were deleted.</summary>
    Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default);
}
