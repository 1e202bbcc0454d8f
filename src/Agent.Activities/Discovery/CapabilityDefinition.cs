namespace Agent.Activities.Discovery;

/// <summary>How expensive it is to add a capability the agent lacks; feeds the gap priority.</summary>
/// <param name="NeedsSecrets">Whether a server providing it usually needs an API key or token.</param>
/// <param name="InstallMegabytes">Typical install size of a server providing it, in MB.</param>
/// <param name="Risk">The risk class of giving the agent this capability.</param>
public sealed record CapabilityCost(bool NeedsSecrets, double InstallMegabytes, CapabilityRisk Risk)
{
    /// <summary>The cost of a capability whose entry names none: no secrets, 10 MB, low risk.</summary>
    public static CapabilityCost Default { get; } = new(false, 10, CapabilityRisk.Low);
}

/// <summary>How much harm a tool with a capability can do if misused.</summary>
public enum CapabilityRisk
{
    /// <summary>Reads or computes only.</summary>
    Low,

    /// <summary>Writes local state or reaches the network.</summary>
    Medium,

    /// <summary>Runs code or changes shared systems.</summary>
    High,
}

/// <summary>One capability of the taxonomy: its tag and what reveals it in a tool.</summary>
/// <param name="Tag">The tag, e.g. <c>filesystem.read</c>.</param>
/// <param name="Description">What a tool with it can do.</param>
/// <param name="Keywords">Words or phrases; in a tool's name (any order) they weigh 3, in its description (in order) 2.</param>
/// <param name="SchemaHints">Input property names; any of them present in the tool's input schema weighs 1 in the tool's input schema.</param>
/// <param name="ToolNames">Exact tool names that always carry the tag (e.g. <c>WebSearch</c>).</param>
/// <param name="Cost">What adding it costs.</param>
public sealed record CapabilityDefinition(
    string Tag,
    string Description,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<string> SchemaHints,
    IReadOnlyList<string> ToolNames,
    CapabilityCost Cost);
