using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;

namespace Agent.Server.Api;

/// <summary>
/// Converts between stored definitions and the JSON the Studio reads and writes. The stored shape already is Elsa's;
/// the API adds the fields Elsa's server adds (materializer) and drops them again on the way in.
/// </summary>
public static class ElsaDefinitionJson
{
    // Fields the Elsa server adds to responses; they describe the server, not the definition, so they are not stored.
    private static readonly string[] ServerFields = ["links", "materializerName", "materializerContext", "providerName", "isMaterializerAvailable"];

    /// <summary>The materializer Elsa names definitions stored as JSON; the Studio edits only those.</summary>
    public const string Materializer = "Json";

    /// <summary>A stored version as the Studio's <c>WorkflowDefinition</c>.</summary>
    public static JsonObject ToApi(WorkflowDefinition definition)
    {
        var json = JsonSerializer.SerializeToNode(definition, WorkflowJson.Options)!.AsObject();
        json["materializerName"] = Materializer;
        json["providerName"] = "Default";
        json["toolVersion"] ??= "3.8.0";
        if (json["root"] is JsonObject root) ActivityNodeIds.Fill(root, null);
        json["links"] = JsonSerializer.SerializeToNode(DefinitionLinks(definition.DefinitionId), WorkflowJson.Options);
        return json;
    }

    /// <summary>A version without its content, as the Studio's <c>WorkflowDefinitionSummary</c>.</summary>
    public static object ToSummary(WorkflowDefinitionSummary s, string? description = null) => new
    {
        id = s.Id, definitionId = s.DefinitionId, name = s.Name ?? s.DefinitionId, description, version = s.Version,
        toolVersion = "3.8.0", isLatest = s.IsLatest, isPublished = s.IsPublished, createdAt = s.CreatedAt,
        materializerName = Materializer, isMaterializerAvailable = true, isReadonly = false, isSystem = false,
        links = DefinitionLinks(s.DefinitionId),
    };

    /// <summary>
    /// The Studio decides what a user may do from hypermedia links, as Elsa's server grants them: a definition with a
    /// <c>publish</c> link is editable, a list with a <c>bulk-publish</c> link allows creating and bulk actions. Everyone
    /// who passes authentication may edit here, so every response carries them.
    /// </summary>
    public static IReadOnlyList<Link> DefinitionLinks(string definitionId)
    {
        var self = $"{ElsaApi.BasePath}/workflow-definitions/{Uri.EscapeDataString(definitionId)}";
        return [new Link($"{self}/publish", "publish", "POST"), new Link($"{self}/retract", "retract", "POST"), new Link(self, "delete", "DELETE")];
    }

    /// <summary>The links of the definition list.</summary>
    public static IReadOnlyList<Link> ListLinks { get; } =
    [
        new($"{ElsaApi.BasePath}/bulk-actions/publish/workflow-definitions/by-definition-ids", "bulk-publish", "POST"),
        new($"{ElsaApi.BasePath}/bulk-actions/retract/workflow-definitions/by-definition-ids", "bulk-retract", "POST"),
        new($"{ElsaApi.BasePath}/bulk-actions/delete/workflow-definitions/by-definition-id", "bulk-delete", "POST"),
    ];

    /// <summary>Elsa's hypermedia <c>Link</c>.</summary>
    public sealed record Link(string Href, string Rel, string Method);

    /// <summary>
    /// Prepares a definition the Studio sent for storing: lists and maps it sent as JSON null become empty (the Studio
    /// writes <c>"variables": null</c> for a new workflow), and the server-side fields it echoes back are removed.
    /// </summary>
    public static void PrepareForStore(WorkflowDefinition definition)
    {
        // The model's properties are non-nullable, but System.Text.Json assigns an explicit JSON null to them.
        definition.Variables ??= [];
        definition.Inputs ??= [];
        definition.Outputs ??= [];
        definition.Outcomes ??= [];
        definition.CustomProperties ??= [];
        definition.Options ??= [];
        if (definition.Extra is null) return;
        foreach (var key in definition.Extra.Keys.Where(k => ServerFields.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList())
            definition.Extra.Remove(key);
        if (definition.Extra.Count == 0) definition.Extra = null;
    }
}
