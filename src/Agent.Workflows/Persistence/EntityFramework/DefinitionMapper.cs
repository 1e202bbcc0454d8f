using System.Text.Json;
using Agent.Workflows.Model;

namespace Agent.Workflows.Persistence.EntityFramework;

/// <summary>Converts definition versions to rows and back. The columns are authoritative for identity and
/// flags; the JSON holds everything else, verbatim, including properties this engine does not know.</summary>
internal static class DefinitionMapper
{
    public static DefinitionRecord ToRecord(WorkflowDefinition d) => new()
    {
        Id = d.Id,
        DefinitionId = d.DefinitionId,
        Version = d.Version,
        Name = d.Name,
        IsLatest = d.IsLatest,
        IsPublished = d.IsPublished,
        CreatedAt = d.CreatedAt,
        Json = JsonSerializer.Serialize(d, WorkflowJson.Options),
    };

    public static WorkflowDefinition ToDefinition(DefinitionRecord r)
    {
        var d = JsonSerializer.Deserialize<WorkflowDefinition>(r.Json, WorkflowJson.Options)
            ?? throw new JsonException($"Stored definition version '{r.Id}' holds no JSON object.");
        d.Id = r.Id;
        d.DefinitionId = r.DefinitionId;
        d.Version = r.Version;
        d.Name = r.Name;
        d.IsLatest = r.IsLatest;
        d.IsPublished = r.IsPublished;
        d.CreatedAt = r.CreatedAt;
        return d;
    }

    public static WorkflowDefinitionSummary ToSummary(DefinitionRecord r) =>
        new(r.Id, r.DefinitionId, r.Version, r.Name, r.IsLatest, r.IsPublished, r.CreatedAt);

    public static ConcurrencyConflictException VersionTaken(string definitionId, int version) =>
        new($"Definition '{definitionId}' already has a version {version} (another writer created it first).");
}
