using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agent.Workflows.Model;

/// <summary>The JSON conventions shared with Elsa 3: camelCase, enums as strings, case-insensitive reads.</summary>
public static class WorkflowJson
{
    /// <summary>Options for reading and writing definitions and API payloads.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: false);

    /// <summary>The same options, indented for files meant to be read by people.</summary>
    public static JsonSerializerOptions Indented { get; } = CreateOptions(indented: true);

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };
        o.Converters.Add(new JsonStringEnumConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
