using System.Text.Json;
using System.Text.Json.Serialization;
using Agent.Workflows.Model;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Persistence.Serialization;

/// <summary>
/// JSON for persisted runtime data (instance state, bookmark payloads): the definition conventions of
/// <see cref="WorkflowJson"/> plus <see cref="PlainValueJsonConverter"/>, so values read back are plain CLR values.
/// </summary>
public static class StateJson
{
    /// <summary>Serializer options for state and payloads. Immutable, safe to share.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions(WorkflowJson.Options)
        {
            // Populate keeps the dictionaries WorkflowState creates in its initializers, and with them their
            // comparers (Input and Output are case-insensitive); replacing them would silently change lookups.
            PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
        };
        o.Converters.Insert(0, new PlainValueJsonConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>Serializes a state to JSON text.</summary>
    public static string Serialize(WorkflowState state) => JsonSerializer.Serialize(state, Options);

    /// <summary>Reads a state written by <see cref="Serialize(WorkflowState)"/>.</summary>
    public static WorkflowState DeserializeState(string json) =>
        JsonSerializer.Deserialize<WorkflowState>(json, Options) ?? new WorkflowState();

    /// <summary>Serializes a bookmark payload; null stays null.</summary>
    public static string? SerializePayload(Dictionary<string, object?>? payload) =>
        payload is null ? null : JsonSerializer.Serialize(payload, Options);

    /// <summary>Reads a bookmark payload; null stays null.</summary>
    public static Dictionary<string, object?>? DeserializePayload(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, object?>>(json, Options);

    /// <summary>A deep copy made through JSON, so the copy shares nothing mutable with the original.</summary>
    public static WorkflowState Clone(WorkflowState state) =>
        JsonSerializer.Deserialize<WorkflowState>(JsonSerializer.SerializeToUtf8Bytes(state, Options), Options) ?? new WorkflowState();
}
