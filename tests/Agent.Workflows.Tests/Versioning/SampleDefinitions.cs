using System.Text.Json;
using Agent.Workflows.Model;

namespace Agent.Workflows.Tests.Versioning;

internal static class SampleDefinitions
{
    /// <summary>A small Elsa-shaped definition: a flowchart with one WriteLine, an unknown top-level property
    /// (kept verbatim) and a variable.</summary>
    public static WorkflowDefinition Create(string definitionId, string name = "Sample", string text = "Hello")
    {
        var writeLine = new ActivityNode { Id = "write1", Type = "Elsa.WriteLine", Version = 1, Name = "WriteLine1" };
        writeLine.SetInput("text", new InputValue("String", ExpressionModel.Literal(text)));
        var root = ActivityNode.EmptyFlowchart();
        root.Activities!.Add(writeLine);
        return new WorkflowDefinition
        {
            DefinitionId = definitionId,
            Name = name,
            Description = "A sample",
            Root = root,
            Variables = [new VariableDefinition { Id = "v1", Name = "Counter", TypeName = "Int32", Value = 1 }],
            Extra = new Dictionary<string, JsonElement> { ["studioLayout"] = JsonSerializer.SerializeToElement(new { zoom = 2 }) },
        };
    }

    /// <summary>The text of the WriteLine, to tell contents apart.</summary>
    public static string? Text(WorkflowDefinition d) => d.Root.Activities![0].GetInput("text")?.Expression?.Text;

    /// <summary>Definition JSON as a file exported by Elsa (or by this engine) would hold it.</summary>
    public static string Json(string definitionId, int version, bool isPublished = false, string name = "Sample", string text = "Hello", string? id = null)
    {
        var d = Create(definitionId, name, text);
        d.Id = id ?? $"{definitionId}-v{version}";
        d.Version = version;
        d.IsPublished = isPublished;
        d.IsLatest = true;
        d.CreatedAt = new DateTimeOffset(2025, 1, version, 0, 0, 0, TimeSpan.Zero);
        return JsonSerializer.Serialize(d, WorkflowJson.Indented);
    }
}
