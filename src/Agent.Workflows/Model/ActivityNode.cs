using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Agent.Workflows.Model;

/// <summary>
/// An activity as it appears in definition JSON. Inputs are not modelled as fixed properties:
/// Elsa writes one JSON property per input (<c>"text": {"typeName", "expression"}</c>), so they
/// live with every other unknown property in <see cref="Properties"/> and are read by name.
/// </summary>
public sealed class ActivityNode
{
    /// <summary>Elsa's <c>id</c>: unique across the whole definition, nested flowcharts included; connections, the journal and bookmarks refer to it.</summary>
    public string Id { get; set; } = "";

    /// <summary>
    /// Elsa's <c>nodeId</c>: the node's path, its parent's node id, a colon and its id (<c>root:writeLine1</c>). The Studio
    /// addresses nodes by it; the engine does not need it, and the API fills in a missing one.
    /// </summary>
    public string? NodeId { get; set; }

    /// <summary>Elsa's <c>type</c>: the activity type name (<c>Elsa.WriteLine</c>, <c>Agent.Validate</c>…) the registry resolves to a class.</summary>
    public string Type { get; set; } = "";

    /// <summary>Elsa's <c>version</c>: the activity type version the node was designed with; types resolve by name alone, so it is kept, not checked.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Elsa's <c>name</c>: an optional readable name; the journal records it, and expressions may read the node's outputs by it.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Elsa's <c>customProperties</c>: per-node settings that are not inputs. The engine reads <c>canStartWorkflow</c>,
    /// <c>mergeMode</c> and <c>retryPolicy</c> (see docs/engine.md) and keeps the rest.
    /// </summary>
    public JsonObject? CustomProperties { get; set; }

    /// <summary>Elsa's <c>metadata</c>: designer data (<c>designer.position</c>, <c>designer.size</c>, <c>displayText</c>…); only <see cref="Position"/> is read.</summary>
    public JsonObject? Metadata { get; set; }

    /// <summary>Child activities when this node is a flowchart container; otherwise null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ActivityNode>? Activities { get; set; }

    /// <summary>Connections between child activities when this node is a flowchart container.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<Connection>? Connections { get; set; }

    /// <summary>Inputs and any property this engine does not know, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    // Coordinates may have been set from ints in code or parsed from JSON numbers.
    private static double ReadNumber(JsonNode? node) =>
        node is JsonValue v && (v.TryGetValue<double>(out var d) || double.TryParse(v.ToString(), System.Globalization.CultureInfo.InvariantCulture, out d)) ? d : 0;

    /// <summary>Creates an empty root flowchart.</summary>
    public static ActivityNode EmptyFlowchart() => new()
    {
        Id = "root", NodeId = "root", Type = "Elsa.Flowchart", Activities = [], Connections = [],
        Metadata = [], CustomProperties = [],
    };

    /// <summary>Reads a raw property (an input, or an unknown field) by its JSON name, case-insensitively.</summary>
    public bool TryGetProperty(string name, out JsonElement value)
    {
        value = default;
        if (Properties is null) return false;
        if (Properties.TryGetValue(name, out value)) return true;
        foreach (var (key, v) in Properties)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) { value = v; return true; }
        }
        return false;
    }

    /// <summary>Reads the input bound to <paramref name="name"/>, if any.</summary>
    public InputValue? GetInput(string name) =>
        TryGetProperty(name, out var raw) ? InputValue.FromJson(raw) : null;

    /// <summary>Sets or replaces the input bound to <paramref name="name"/>.</summary>
    public void SetInput(string name, InputValue value)
    {
        Properties ??= [];
        var existing = Properties.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        Properties[existing ?? name] = JsonSerializer.SerializeToElement(value, WorkflowJson.Options);
    }

    /// <summary>The designer position stored in <c>metadata.designer.position</c>, if any.</summary>
    [JsonIgnore]
    public (double X, double Y)? Position
    {
        get
        {
            if (Metadata?["designer"]?["position"] is not JsonObject p) return null;
            return (ReadNumber(p["x"]), ReadNumber(p["y"]));
        }
    }
}

/// <summary>An input binding: <c>{ "typeName": "String", "expression": { "type": "Literal", "value": "…" } }</c>.</summary>
public sealed record InputValue(string? TypeName, ExpressionModel? Expression)
{
    /// <summary>Parses an input binding; a bare JSON value is taken as a literal.</summary>
    public static InputValue FromJson(JsonElement raw)
    {
        if (raw.ValueKind == JsonValueKind.Object && (raw.TryGetProperty("expression", out _) || raw.TryGetProperty("typeName", out _)))
        {
            string? typeName = raw.TryGetProperty("typeName", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            ExpressionModel? expression = null;
            if (raw.TryGetProperty("expression", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                var type = e.TryGetProperty("type", out var et) && et.ValueKind == JsonValueKind.String ? et.GetString()! : "Literal";
                JsonElement? value = e.TryGetProperty("value", out var ev) ? ev.Clone() : null;
                expression = new ExpressionModel(type, value);
            }
            return new InputValue(typeName, expression);
        }
        return new InputValue(null, new ExpressionModel("Literal", raw.Clone()));
    }
}

/// <summary>An expression: its syntax (<c>Literal</c>, <c>Variable</c>, <c>JavaScript</c>, …) and value.</summary>
public sealed record ExpressionModel(string Type, JsonElement? Value)
{
    /// <summary>The value as text: strings unquoted, anything else as raw JSON, null as null.</summary>
    [JsonIgnore]
    public string? Text => Value is not { } v ? null
        : v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => v.GetRawText(),
        };

    /// <summary>Creates a literal expression holding a string.</summary>
    public static ExpressionModel Literal(string? text) =>
        new("Literal", text is null ? null : JsonSerializer.SerializeToElement(text));

    /// <summary>Creates a JavaScript expression.</summary>
    public static ExpressionModel JavaScript(string script) =>
        new("JavaScript", JsonSerializer.SerializeToElement(script));
}
