using System.Text.Json.Serialization;
using Agent.Workflows.Activities;

namespace Agent.Workflows.Descriptors;

/// <summary>What the designer knows about an activity type; the shape of Elsa 3's activity descriptor.</summary>
public sealed record ActivityDescriptor
{
    public required string TypeName { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public int Version { get; init; } = 1;
    public required string Category { get; init; }
    public required string DisplayName { get; init; }
    public string? Description { get; init; }
    public ActivityKind Kind { get; init; }
    public IReadOnlyList<InputDescriptor> Inputs { get; init; } = [];
    public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];
    public IReadOnlyList<PortDescriptor> Ports { get; init; } = [];
    public Dictionary<string, object?> CustomProperties { get; init; } = [];
    public bool IsContainer { get; init; }
    public bool IsBrowsable { get; init; } = true;
    public bool IsStart { get; init; }
    public bool IsTerminal { get; init; }

    /// <summary>False when a crash during execution must fault the instance instead of re-running the activity.</summary>
    [JsonIgnore] public bool SafeToRerun { get; init; } = true;

    /// <summary>The CLR type implementing the activity.</summary>
    [JsonIgnore] public Type? ClrType { get; init; }
}

/// <summary>An input as the designer shows it.</summary>
public sealed record InputDescriptor
{
    public required string Name { get; init; }
    public required string TypeName { get; init; }
    public required string DisplayName { get; init; }
    public string? Description { get; init; }
    public int Order { get; init; }
    public bool IsWrapped { get; init; } = true;
    public string UIHint { get; init; } = "SingleLine";
    public object? Options { get; init; }
    public string? Category { get; init; }
    public object? DefaultValue { get; init; }
    public string DefaultSyntax { get; init; } = "Literal";
    public bool IsReadOnly { get; init; }
    public bool IsBrowsable { get; init; } = true;
    public bool IsSynthetic { get; init; }
    public string? StorageDriverType { get; init; }
}

/// <summary>An output as the designer shows it.</summary>
public sealed record OutputDescriptor
{
    public required string Name { get; init; }
    public required string TypeName { get; init; }
    public required string DisplayName { get; init; }
    public string? Description { get; init; }
    public bool IsBrowsable { get; init; } = true;
    public bool IsSynthetic { get; init; }
}

/// <summary>Whether a port routes the flow (flowchart outcome) or hosts an embedded activity.</summary>
public enum PortType { Flow, Embedded }

/// <summary>An outcome port.</summary>
public sealed record PortDescriptor(string Name, string DisplayName, PortType Type = PortType.Flow, bool IsBrowsable = true);
