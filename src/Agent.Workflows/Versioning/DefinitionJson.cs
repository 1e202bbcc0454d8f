using System.Text.Json;
using Agent.Workflows.Model;
using Agent.Workflows.Validation;

namespace Agent.Workflows.Versioning;

/// <summary>Reads definition JSON with errors that say where the text is wrong, and makes independent copies.</summary>
internal static class DefinitionJson
{
    /// <summary>Parses one definition with <see cref="WorkflowDefinitionReader"/>; <paramref name="source"/> names the input in error messages.</summary>
    /// <exception cref="WorkflowDefinitionImportException">The text is not a workflow definition.</exception>
    public static WorkflowDefinition Parse(string json, string source)
    {
        try { return WorkflowDefinitionReader.Parse(json); }
        catch (InvalidDefinitionException e)
        {
            throw new WorkflowDefinitionImportException(source, string.Join("; ", e.Errors.Select(x => x.Message)), e);
        }
    }

    /// <summary>A deep copy, so that changing the copy cannot change the caller's object.</summary>
    public static WorkflowDefinition Clone(WorkflowDefinition definition) =>
        JsonSerializer.Deserialize<WorkflowDefinition>(JsonSerializer.SerializeToUtf8Bytes(definition, WorkflowJson.Options), WorkflowJson.Options)!;
}
