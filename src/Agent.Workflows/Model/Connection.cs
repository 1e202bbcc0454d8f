using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agent.Workflows.Model;

/// <summary>
/// A flowchart connection from an activity's outcome port to another activity. Reads both the current
/// Elsa 3 shape (<c>source{activity, port}</c>) and the flat shape of earlier 3.x releases
/// (<c>source</c>, <c>sourcePort</c>, <c>target</c>, <c>targetPort</c>); always writes the current one.
/// </summary>
[JsonConverter(typeof(ConnectionJsonConverter))]
public sealed record Connection(Endpoint Source, Endpoint Target)
{
    /// <summary>Vertices of the drawn line and any other property the designer stores, kept verbatim.</summary>
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>Creates a connection from <paramref name="source"/>'s <paramref name="port"/> to <paramref name="target"/>.</summary>
    public static Connection Create(string source, string port, string target, string targetPort = "In") =>
        new(new Endpoint(source, port), new Endpoint(target, targetPort));

    /// <inheritdoc />
    public override string ToString() => $"{Source.Activity}:{Source.Port} -> {Target.Activity}:{Target.Port}";
}

/// <summary>One end of a connection: an activity id and a port name.</summary>
public sealed record Endpoint(string Activity, string? Port);

internal sealed class ConnectionJsonConverter : JsonConverter<Connection>
{
    public override Connection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new JsonException("A connection must be an object with 'source' and 'target'.");
        Endpoint? source = null, target = null;
        string? sourcePort = null, targetPort = null;
        Dictionary<string, JsonElement>? extra = null;
        foreach (var p in root.EnumerateObject())
        {
            switch (p.Name.ToLowerInvariant())
            {
                case "source": source = ReadEndpoint(p.Value, "source"); break;
                case "target": target = ReadEndpoint(p.Value, "target"); break;
                case "sourceport": sourcePort = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                case "targetport": targetPort = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                default: (extra ??= [])[p.Name] = p.Value.Clone(); break;
            }
        }
        if (source is null || target is null)
            throw new JsonException("A connection needs both 'source' and 'target'.");
        if (sourcePort is not null) source = source with { Port = sourcePort };
        if (targetPort is not null) target = target with { Port = targetPort };
        return new Connection(source, target) { Extra = extra };
    }

    private static Endpoint ReadEndpoint(JsonElement e, string what) => e.ValueKind switch
    {
        JsonValueKind.String => new Endpoint(e.GetString()!, null),
        JsonValueKind.Object => new Endpoint(
            e.TryGetProperty("activity", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()!
                : throw new JsonException($"Connection {what} has no 'activity'."),
            e.TryGetProperty("port", out var port) && port.ValueKind == JsonValueKind.String ? port.GetString() : null),
        _ => throw new JsonException($"Connection {what} must be an activity id or an object {{activity, port}}."),
    };

    public override void Write(Utf8JsonWriter writer, Connection value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        WriteEndpoint(writer, "source", value.Source);
        WriteEndpoint(writer, "target", value.Target);
        if (value.Extra is not null)
            foreach (var (k, v) in value.Extra) { writer.WritePropertyName(k); v.WriteTo(writer); }
        writer.WriteEndObject();
    }

    private static void WriteEndpoint(Utf8JsonWriter writer, string name, Endpoint e)
    {
        writer.WriteStartObject(name);
        writer.WriteString("activity", e.Activity);
        if (e.Port is null) writer.WriteNull("port"); else writer.WriteString("port", e.Port);
        writer.WriteEndObject();
    }
}
