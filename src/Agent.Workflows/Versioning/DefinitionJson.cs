using System.Text.Json;
using Agent.Workflows.Model;

namespace Agent.Workflows.Versioning;

/// <summary>Reads definition JSON with errors that say where the text is wrong, and makes independent copies.</summary>
internal static class DefinitionJson
{
    /// <summary>Parses one definition; <paramref name="source"/> names the input in error messages.</summary>
    /// <exception cref="WorkflowDefinitionImportException">The text is not a workflow definition.</exception>
    public static WorkflowDefinition Parse(string json, string source)
    {
        WorkflowDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowJson.Options);
        }
        catch (JsonException ex)
        {
            throw new WorkflowDefinitionImportException(source, Describe(ex), ex);
        }
        if (definition is null) throw new WorkflowDefinitionImportException(source, "the JSON is 'null', not a definition object.");
        if (string.IsNullOrWhiteSpace(definition.DefinitionId))
            throw new WorkflowDefinitionImportException(source, "it has no 'definitionId'; every definition file must name the definition it belongs to.");
        if (definition.Version < 1)
            throw new WorkflowDefinitionImportException(source, $"its 'version' is {definition.Version}; versions start at 1.");
        return definition;
    }

    /// <summary>A deep copy, so that changing the copy cannot change the caller's object.</summary>
    public static WorkflowDefinition Clone(WorkflowDefinition definition) =>
        JsonSerializer.Deserialize<WorkflowDefinition>(JsonSerializer.SerializeToUtf8Bytes(definition, WorkflowJson.Options), WorkflowJson.Options)!;

    private static string Describe(JsonException ex)
    {
        // System.Text.Json appends a 0-based "Path: … | LineNumber: … | BytePositionInLine: …" to its message;
        // people count lines from 1, so the location is rebuilt from the properties.
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        if (ex.LineNumber is not { } line) return $"JSON error: {message}";
        var path = string.IsNullOrEmpty(ex.Path) ? "" : $" ({ex.Path})";
        return $"JSON error at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}{path}: {message}";
    }
}
