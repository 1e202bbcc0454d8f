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

    /// <summary>The name lists and the Studio show; they fall back to the definition id when it is null.</summary>
    public string? Name { get; set; }

    /// <summary>What the workflow is for, shown in the Studio.</summary>
    public string? Description { get; set; }

    /// <summary>When this version was first stored; saving a draft again keeps it.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>This version's number, from 1; editing a published version creates the next one.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Elsa's <c>toolVersion</c>: the Elsa version of the tool that wrote the definition; kept, not interpreted.</summary>
    public string? ToolVersion { get; set; }

    /// <summary>The variables the workflow declares; every instance starts with their default values.</summary>
    public List<VariableDefinition> Variables { get; set; } = [];

    /// <summary>
    /// Elsa's <c>inputs</c>: what a caller may pass when starting an instance (not checked against it), and the inputs the
    /// workflow has when used as an activity.
    /// </summary>
    public List<InputDefinition> Inputs { get; set; } = [];

    /// <summary>Elsa's <c>outputs</c>: the workflow's named results; an activity output captured under one of these names goes to the instance's output.</summary>
    public List<OutputDefinition> Outputs { get; set; } = [];

    /// <summary>Elsa's <c>outcomes</c>: the flow ports the workflow has when used as an activity in another (<c>Elsa.Complete</c> inside picks one).</summary>
    public List<string> Outcomes { get; set; } = [];

    /// <summary>Elsa's <c>customProperties</c>: free-form settings of the definition; kept verbatim, not read by the engine.</summary>
    public JsonObject CustomProperties { get; set; } = [];

    /// <summary>Elsa's <c>isReadonly</c>: the Studio opens the definition read-only; kept, not enforced here.</summary>
    public bool IsReadonly { get; set; }

    /// <summary>Elsa's <c>isSystem</c>: marks a workflow that ships with the server rather than one a user wrote; kept, not read.</summary>
    public bool IsSystem { get; set; }

    /// <summary>Elsa's <c>isLatest</c>: the newest version of its definition, the one edits go to; the definition service keeps exactly one per definition.</summary>
    public bool IsLatest { get; set; }

    /// <summary>Elsa's <c>isPublished</c>: the version runs and schedules use unless told otherwise; at most one per definition.</summary>
    public bool IsPublished { get; set; }

    /// <summary>
    /// Elsa's <c>options</c> (activation strategy, incident strategy, usable as activity…), kept verbatim; the engine reads
    /// <c>usableAsActivity</c> and <c>activityCategory</c> (see docs/engine-workflow-activities.md).
    /// </summary>
    public JsonObject Options { get; set; } = [];

    /// <summary>The root activity; normally an <c>Elsa.Flowchart</c>.</summary>
    public ActivityNode Root { get; set; } = ActivityNode.EmptyFlowchart();

    /// <summary>Every other field of the JSON, written back as read.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A workflow variable: <c>{id, name, typeName, isArray, value, storageDriverTypeName}</c>.</summary>
public sealed class VariableDefinition
{
    /// <summary>Elsa's <c>id</c>: what outputs bind to (<c>memoryReference.id</c>), so renaming the variable breaks no binding.</summary>
    public string Id { get; set; } = "";

    /// <summary>The name expressions use (<c>getVariable</c>, <c>variables.x</c>) and the key of its value in the instance state.</summary>
    public string Name { get; set; } = "";

    /// <summary>Elsa's <c>typeName</c>: the value type as an Elsa alias; the default and values SetVariable writes are converted to it.</summary>
    public string TypeName { get; set; } = "Object";

    /// <summary>Elsa's <c>isArray</c>: the variable holds a list of <see cref="TypeName"/>; its values are kept as given, not converted.</summary>
    public bool IsArray { get; set; }

    /// <summary>Elsa's <c>value</c>: the default as Elsa writes it, often text (<c>"0"</c> for an Int32); converted when an instance starts.</summary>
    public JsonNode? Value { get; set; }

    /// <summary>Elsa's <c>storageDriverTypeName</c>: where Elsa keeps the value; kept, but every variable here lives in the instance state.</summary>
    public string? StorageDriverTypeName { get; set; }

    /// <summary>Every other field of the variable, written back as read.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A declared workflow input or output: <c>{name, type, displayName, description, …}</c>.</summary>
public abstract class ParameterDefinition
{
    /// <summary>The key of the value in the instance's input or output.</summary>
    public string Name { get; set; } = "";

    /// <summary>The value type as an Elsa alias (<c>String</c>, <c>Object</c>…).</summary>
    public string Type { get; set; } = "Object";

    /// <summary>The label the Studio shows.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Help text the Studio shows.</summary>
    public string? Description { get; set; }

    /// <summary>Every other field (Elsa's <c>category</c>, <c>uiHint</c>, <c>isArray</c>…), written back as read.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A declared workflow input.</summary>
public sealed class InputDefinition : ParameterDefinition;

/// <summary>A declared workflow output.</summary>
public sealed class OutputDefinition : ParameterDefinition;
