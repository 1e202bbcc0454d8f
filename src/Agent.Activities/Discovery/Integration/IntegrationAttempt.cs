namespace Agent.Activities.Discovery.Integration;

/// <summary>The outcomes an integration attempt can have.</summary>
public static class IntegrationOutcomes
{
    /// <summary>Installed and probed; waiting for a human's approval before <c>.mcp.json</c> changes.</summary>
    public const string AwaitingApproval = "awaiting_approval";

    /// <summary>Written into the target's <c>.mcp.json</c>.</summary>
    public const string Integrated = "integrated";

    /// <summary>Not integrated: no candidate, install or probe failed, or the wanted capability did not appear.</summary>
    public const string Failed = "failed";

    /// <summary>Not integrated: the approval was rejected (or expired).</summary>
    public const string Rejected = "rejected";

    /// <summary>Integrated once, then removed again.</summary>
    public const string Removed = "removed";
}

/// <summary>One attempt to integrate an MCP server into a target, as recorded in <see cref="IntegrationAttemptStore"/>.</summary>
public sealed record IntegrationAttempt
{
    /// <summary>The attempt's id.</summary>
    public required string Id { get; init; }

    /// <summary>The server's registry name, or null when no candidate was found.</summary>
    public string? ServerName { get; init; }

    /// <summary>The name under <c>mcpServers</c> in <c>.mcp.json</c> (and the sandbox folder's name).</summary>
    public string? Name { get; init; }

    /// <summary>The target's folder (holding <c>.mcp.json</c>).</summary>
    public required string Target { get; init; }

    /// <summary>The capability wanted, when the attempt started from one.</summary>
    public string? Capability { get; init; }

    /// <summary>Where the server was found: <c>catalog</c> or <c>registry</c>.</summary>
    public string? Source { get; init; }

    /// <summary>What was installed, e.g. <c>npm @modelcontextprotocol/server-memory@2026.8.31</c>.</summary>
    public string? Package { get; init; }

    /// <summary>One of <see cref="IntegrationOutcomes"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>Why it ended as it did (the failure, the rejection's comment, the approval that allowed it).</summary>
    public string? Reason { get; init; }

    /// <summary>The <c>.mcp.json</c> entry that is (or would be) written.</summary>
    public McpJsonEntry? Entry { get; init; }

    /// <summary>The names of the tools the server listed.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>The capabilities its tools were tagged with.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>The probe call, e.g. <c>read_graph({})</c>.</summary>
    public string? Probe { get; init; }

    /// <summary>The approval that decides it, when one was asked for.</summary>
    public string? ApprovalId { get; init; }

    /// <summary>The workflow instance that made the attempt, if any.</summary>
    public string? InstanceId { get; init; }

    /// <summary>When the attempt started.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its outcome last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
