namespace Agent.Activities.Discovery.Integration;

/// <summary>How MCP servers are integrated (configuration section <c>Discovery</c>).</summary>
public sealed class IntegrationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Discovery";

    /// <summary>A local catalog: a file with a registry listing (<c>{"servers":[{"server":…}]}</c>) or an array of server.json; searched beside the registry.</summary>
    public string? CatalogPath { get; set; }

    /// <summary>
    /// Server names (registry names or the short names written into <c>.mcp.json</c>) integrated without a human's
    /// approval; <c>*</c> matches any run of characters, e.g. <c>io.github.modelcontextprotocol/*</c>. Empty = every
    /// integration waits for an approval.
    /// </summary>
    public List<string> AutoApprove { get; set; } = [];

    /// <summary>Where packages are installed, one folder per server (default <c>&lt;data dir&gt;/mcp</c>).</summary>
    [Required]
    public string SandboxDirectory { get; set; } = "";

    /// <summary>The SQLite file that records integration attempts (key <c>Discovery:AttemptsDatabasePath</c>; the host defaults it to the engine's <c>agent.db</c>).</summary>
    [Required]
    public string AttemptsDatabasePath { get; set; } = "";

    /// <summary>The limit of a package install.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The limit of starting a server, listing its tools and calling the probe tool.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an integration waits for its approval before it is rejected.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromDays(1);
}
