using System.Text.Json.Serialization;
using Agent.Workflows.Activities;

namespace Agent.Workflows.Descriptors;

/// <summary>What the designer knows about an activity type; the shape of Elsa 3's activity descriptor.</summary>
public sealed record ActivityDescriptor
{
    /// <summary>What a definition node names in its <c>type</c>: <c>{Namespace}.{Name}</c>, e.g. <c>Elsa.WriteLine</c>.</summary>
    public required string TypeName { get; init; }

    /// <summary>The prefix of <see cref="TypeName"/>: <c>Elsa</c> for the built-ins, <c>Agent</c> for this project's activities.</summary>
    public required string Namespace { get; init; }

    /// <summary><see cref="TypeName"/> without its namespace.</summary>
    public required string Name { get; init; }

    /// <summary>The type's version (Elsa's <c>version</c>); nodes record the one they were designed with, but types resolve by name alone.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The toolbox group the designer lists the activity under.</summary>
    public required string Category { get; init; }

    /// <summary>The name the designer shows in the toolbox and on new nodes.</summary>
    public required string DisplayName { get; init; }

    /// <summary>What the activity does, shown in the toolbox.</summary>
    public string? Description { get; init; }

    /// <summary>The activity's role; a scheduling <see cref="ActivityKind.Trigger"/> at the start fires at once on a manual run.</summary>
    public ActivityKind Kind { get; init; }

    /// <summary>The inputs in property-panel order: one per <see cref="Input{T}"/> property and per other property marked <see cref="InputAttribute"/>.</summary>
    public IReadOnlyList<InputDescriptor> Inputs { get; init; } = [];

    /// <summary>The outputs, one per <see cref="Output{T}"/> property; a node can capture each into a variable.</summary>
    public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];

    /// <summary>
    /// The outcome ports: those of <see cref="FlowNodeAttribute"/>, else the single <c>Done</c>. Ports that depend on the
    /// node (a switch's cases) are not listed; the activity reports them through <see cref="IDynamicOutcomes"/>.
    /// </summary>
    public IReadOnlyList<PortDescriptor> Ports { get; init; } = [];

    /// <summary>
    /// Elsa's free-form descriptor extras: empty for activity classes; for a workflow used as an activity, <c>RootType</c>,
    /// <c>WorkflowDefinitionId</c> and <c>WorkflowDefinitionVersionId</c>, as Elsa sends them.
    /// </summary>
    public Dictionary<string, object?> CustomProperties { get; init; } = [];

    /// <summary>
    /// Elsa's <c>constructionProperties</c>: properties the designer writes onto a new node of this type (for a workflow
    /// used as an activity: <c>WorkflowDefinitionId</c>, <c>WorkflowDefinitionVersionId</c>, <c>Version</c>); empty for activity classes.
    /// </summary>
    public Dictionary<string, object?> ConstructionProperties { get; init; } = [];

    /// <summary>True for an activity that holds child activities (<see cref="IContainerActivity"/>: the flowchart).</summary>
    public bool IsContainer { get; init; }

    /// <summary>False hides the activity from the toolbox (definitions may still use it); every activity here is listed.</summary>
    public bool IsBrowsable { get; init; } = true;

    /// <summary>True for a <see cref="StartNodeAttribute"/> activity (<c>Elsa.Start</c>): a flowchart begins at the first such node.</summary>
    public bool IsStart { get; init; }

    /// <summary>
    /// True for a <see cref="TerminalNodeAttribute"/> activity (<c>Elsa.End</c>, <c>Elsa.Finish</c>); for the designer only,
    /// as the activity itself ends the flow.
    /// </summary>
    public bool IsTerminal { get; init; }

    /// <summary>False when a crash during execution must fault the instance instead of re-running the activity.</summary>
    [JsonIgnore] public bool SafeToRerun { get; init; } = true;

    /// <summary>The CLR type implementing the activity.</summary>
    [JsonIgnore] public Type? ClrType { get; init; }
}

/// <summary>An input as the designer shows it.</summary>
public sealed record InputDescriptor
{
    /// <summary>The input's property on a definition node: the class property's name in camelCase (e.g. <c>text</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The value type as an Elsa alias (<c>String</c>, <c>Int32</c>, <c>Object</c>…; see <see cref="TypeNames"/>).</summary>
    public required string TypeName { get; init; }

    /// <summary>The label in the property panel.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Help text the property panel shows with the input.</summary>
    public string? Description { get; init; }

    /// <summary>Position in the property panel, lowest first.</summary>
    public int Order { get; init; }

    /// <summary>
    /// True when the node holds a binding <c>{typeName, expression}</c>, so the designer offers a choice of syntax;
    /// false when it holds the value itself (a switch's cases, SetVariable's variable).
    /// </summary>
    public bool IsWrapped { get; init; } = true;

    /// <summary>The editor the property panel uses (<c>SingleLine</c>, <c>Dropdown</c>, <c>Checkbox</c>…); the API sends it lower-cased, as Elsa does.</summary>
    public string UIHint { get; init; } = "SingleLine";

    /// <summary>A dropdown's choices, as a string array; the API rewrites them into Elsa's <c>{items: [{text, value}]}</c>.</summary>
    public object? Options { get; init; }

    /// <summary>Groups the input under this heading in the property panel.</summary>
    public string? Category { get; init; }

    /// <summary>What the input evaluates when a node does not bind it; the designer shows it as the starting value.</summary>
    public object? DefaultValue { get; init; }

    /// <summary>The syntax <see cref="DefaultValue"/> is written in.</summary>
    public string DefaultSyntax { get; init; } = "Literal";

    /// <summary>True when the designer must not let the input be edited; no input here is.</summary>
    public bool IsReadOnly { get; init; }

    /// <summary>False hides the input from the property panel; every input here is shown.</summary>
    public bool IsBrowsable { get; init; } = true;

    /// <summary>Elsa's flag for an input no class property backs; every input here has one, so it stays false.</summary>
    public bool IsSynthetic { get; init; }

    /// <summary>Elsa's storage driver for the input's value; always null, as inputs are evaluated when the activity runs, not stored.</summary>
    public string? StorageDriverType { get; init; }
}

/// <summary>An output as the designer shows it.</summary>
public sealed record OutputDescriptor
{
    /// <summary>The output's property on a definition node, the class property's name in camelCase; the node binds it to a variable there.</summary>
    public required string Name { get; init; }

    /// <summary>The value type as an Elsa alias (see <see cref="TypeNames"/>).</summary>
    public required string TypeName { get; init; }

    /// <summary>The label in the property panel.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Help text the property panel shows with the output.</summary>
    public string? Description { get; init; }

    /// <summary>False hides the output from the property panel; every output here is shown.</summary>
    public bool IsBrowsable { get; init; } = true;

    /// <summary>Elsa's flag for an output no class property backs; every output here has one, so it stays false.</summary>
    public bool IsSynthetic { get; init; }
}

/// <summary>Whether a port routes the flow (flowchart outcome) or hosts an embedded activity.</summary>
public enum PortType
{
    /// <summary>A flowchart outcome: connections leave the activity from it.</summary>
    Flow,
    /// <summary>A slot holding a child activity (Elsa's <c>If</c> branches); no activity here has one.</summary>
    Embedded,
}

/// <summary>An outcome port.</summary>
public sealed record PortDescriptor(string Name, string DisplayName, PortType Type = PortType.Flow, bool IsBrowsable = true);
