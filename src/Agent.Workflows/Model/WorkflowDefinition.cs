using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Agent.Workflows.Model;

/// <summary>
/// One version of a workflow definition, in Elsa 3's JSON shape. Properties this engine does not
/// understand are kept in <see cref="Extra"/> so a definition saved by Elsa Studio round-trips intact.
/// </summary>
public sealed class WorkflowDefinition
{
    /// <summary>Identifier of this version.</summary>
    public string Id { get; set; } = "";

    /// <summary>Identifier shared by every version of the definition.</summary>
    public string DefinitionId { get; set; } = "";

    public string? Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; } = 1;
    public string? ToolVersion { get; set; }
    public List<VariableDefinition> Variables { get; set; } = [];
    public List<InputDefinition> Inputs { get; set; } = [];
    public List<OutputDefinition> Outputs { get; set; } = [];
    public List<string> Outcomes { get; set; } = [];
    public JsonObject CustomProperties { get; set; } = [];
    public bool IsReadonly { get; set; }
    public bool IsSystem { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public JsonObject Options { get; set; } = [];

    /// <summary>The root activity; normally an <c>Elsa.Flowchart</c>.</summary>
    public ActivityNode Root { get; set; } = ActivityNode.EmptyFlowchart();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A workflow variable: <c>{id, name, typeName, isArray, value, storageDriverTypeName}</c>.</summary>
public sealed class VariableDefinition
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string TypeName { get; set; } = "Object";
    public bool IsArray { get; set; }
    public JsonNode? Value { get; set; }
    public string? StorageDriverTypeName { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A declared workflow input or output: <c>{name, type, displayName, description, …}</c>.</summary>
public abstract class ParameterDefinition
{
    public string Name { get; set; } = "";
    public string Type { get; set; } = "Object";
    public string? DisplayName { get; set; }
    public string? Description { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A declared workflow input.</summary>
public sealed class InputDefinition : ParameterDefinition;

/// <summary>A declared workflow output.</summary>
public sealed class OutputDefinition : ParameterDefinition;
