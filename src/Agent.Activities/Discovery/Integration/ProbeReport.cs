using System.Text.Json;

namespace Agent.Activities.Discovery.Integration;

/// <summary>A tool a server offers.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Description">What it does.</param>
/// <param name="InputSchema">Its arguments' JSON schema.</param>
/// <param name="ReadOnly">Whether it declares itself read-only (<c>readOnlyHint</c>).</param>
public sealed record ProbedTool(string Name, string? Description, JsonElement? InputSchema, bool ReadOnly);

/// <summary>What a probe found: the server's tools and how the one probe call went.</summary>
public sealed record ProbeReport
{
    /// <summary>Whether the server started, listed tools and answered the probe call without an error.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Why the probe failed; null on success.</summary>
    public string? Reason { get; init; }

    /// <summary>The tools listed (empty when the server did not start).</summary>
    public IReadOnlyList<ProbedTool> Tools { get; init; } = [];

    /// <summary>The tool called, or null when none was.</summary>
    public string? ProbeTool { get; init; }

    /// <summary>The arguments of the call, as JSON.</summary>
    public string? ProbeArgumentsJson { get; init; }

    /// <summary>The start of what the call returned.</summary>
    public string? ProbeResult { get; init; }
}
