namespace Agent.Activities.Discovery;

/// <summary>Capability discovery's settings (configuration section <c>Discovery</c>).</summary>
public sealed class DiscoveryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Discovery";

    /// <summary>
    /// The agent's own MCP servers, in Claude Code's <c>mcpServers</c> shape: name → <c>{command, args, env}</c> or
    /// <c>{type: "http", url, headers}</c>.
    /// </summary>
    public Dictionary<string, McpServerOptions> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long one server may take to start, answer <c>initialize</c> and list what it offers.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Discovery:ServerTimeout must be between 1 second and 10 minutes.")]
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a scanned stdio server may take to exit after its stdin closes before it is killed. A scan only lists, so
    /// nothing is lost by the kill; some servers are slow to go (server-everything takes about 350 ms after its stdin
    /// closes), and whatever they take adds itself to every scan.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Discovery:ShutdownGrace must be between 0 and 1 minute.")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether the scan also reads Claude Code's user configuration (<see cref="UserConfigPath"/>).</summary>
    public bool IncludeUserConfig { get; set; } = true;

    /// <summary>Claude Code's user configuration; null means <c>~/.claude.json</c>.</summary>
    public string? UserConfigPath { get; set; }

    /// <summary>The SQLite file of the capability map and its history; relative paths resolve against the repository root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = ".data/capabilities.db";

    /// <summary>The taxonomy file; null means the shipped <c>capabilities.yaml</c> beside the assemblies.</summary>
    public string? TaxonomyPath { get; set; }

    /// <summary>How many of a failed server's last stderr lines its report keeps.</summary>
    [Range(1, 1000)]
    public int StderrTailLines { get; set; } = 20;

    /// <summary>Whether FindGaps adds <c>add-capability</c> gaps (only those with evidence) to the improvement cycle's queue.</summary>
    public bool EmitCapabilityGaps { get; set; }

    /// <summary>The effective user configuration path.</summary>
    public string EffectiveUserConfigPath =>
        UserConfigPath ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".claude.json");
}

/// <summary>One MCP server as configured, in Claude Code's <c>mcpServers</c> entry shape.</summary>
public sealed class McpServerOptions
{
    /// <summary><c>stdio</c> (the default when <see cref="Command"/> is set), <c>http</c> / <c>streamable-http</c>, or <c>sse</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The program of a stdio server.</summary>
    public string? Command { get; set; }

    /// <summary>Its arguments.</summary>
    public List<string> Args { get; set; } = [];

    /// <summary>Environment variables for a stdio server.</summary>
    public Dictionary<string, string> Env { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The endpoint of an HTTP server.</summary>
    public string? Url { get; set; }

    /// <summary>Headers sent to an HTTP server.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
