using System.Text.Json;
using Agent.Workflows.Validation;

namespace Agent.Workflows.Model;

/// <summary>Reads definition JSON (current and earlier Elsa 3 shapes) with errors that point at the problem.</summary>
public static class WorkflowDefinitionReader
{
    /// <summary>Parses a definition.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where it came from (a file name), for messages.</param>
    /// <exception cref="InvalidDefinitionException">The text is not JSON or not a definition.</exception>
    public static WorkflowDefinition Parse(string json, string? source = null)
    {
        var where = source is null ? "" : $" in {source}";
        WorkflowDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDefinitionException(null, [new(e.Path ?? "$", Describe(e, source))]);
        }
        if (definition is null)
            throw new InvalidDefinitionException(null, [new("$", $"The JSON{where} is null; expected a workflow definition object.")]);
        var errors = new List<DefinitionValidationError>();
        if (string.IsNullOrWhiteSpace(definition.DefinitionId))
            errors.Add(new("$.definitionId", $"The definition{where} has no 'definitionId'; every definition must name the definition it belongs to (a stable id such as 'improvement-cycle')."));
        if (definition.Version < 1)
            errors.Add(new("$.version", $"The definition{where} has version {definition.Version}; versions start at 1."));
        if (definition.Root is null)
            errors.Add(new("$.root", $"The definition{where} has no root; add a root Elsa.Flowchart."));
        if (errors.Count > 0) throw new InvalidDefinitionException(definition.DefinitionId, errors);
        if (string.IsNullOrWhiteSpace(definition.Id)) definition.Id = $"{definition.DefinitionId}-v{definition.Version}";
        return definition;
    }

    /// <summary>Writes a definition as indented JSON.</summary>
    public static string Write(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, WorkflowJson.Indented);

    // System.Text.Json appends a 0-based "Path: … | LineNumber: …" to its messages; people count lines from 1,
    // so the location is rebuilt from the exception's properties, with the JSON path of the bad value.
    private static string Describe(JsonException e, string? source)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        var where = source is null ? "" : $" in {source}";
        if (e.LineNumber is not { } line) return $"JSON error{where}: {message}";
        var path = string.IsNullOrEmpty(e.Path) ? "" : $" ({e.Path})";
        return $"JSON error{where} at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}{path}: {message}";
    }
}
