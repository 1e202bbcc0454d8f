using System.Text.Json;

namespace Agent.Activities.Discovery.Integration;

/// <summary>Tags a tool with the capabilities it provides (the capability taxonomy does this).</summary>
public interface ICapabilityTagger
{
    /// <summary>The capability tags of a tool, e.g. <c>memory.store</c>.</summary>
    IReadOnlyList<string> Tag(string toolName, string? description, JsonElement? inputSchema);

    /// <summary>Words to search server sources with when <paramref name="capability"/> is wanted, best first.</summary>
    IReadOnlyList<string> SearchTermsFor(string capability);
}
