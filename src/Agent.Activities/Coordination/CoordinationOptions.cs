namespace Agent.Activities.Coordination;

/// <summary>Multi-agent coordination: the message bus's and the task queue's database and limits (configuration section <c>Coordination</c>).</summary>
public sealed class CoordinationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Coordination";

    /// <summary>The coordination database (agents, messages, deliveries); the host makes it absolute, inside the data directory by default.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "give a file for the coordination database, e.g. .data/coordination.db")]
    public string DatabasePath { get; set; } = ".data/coordination.db";

    /// <summary>The largest message payload accepted, in UTF-8 bytes.</summary>
    [Range(256, 4 * 1024 * 1024, ErrorMessage = "must be from 256 to 4194304 bytes")]
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How often waiting workflows are matched against pending messages, for the sends the immediate resume cannot see
    /// (a message sent by another process, or stored just before a workflow's bookmark was saved).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "must be from 00:00:00.010 to 00:10:00")]
    public TimeSpan DeliveryPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a send (and a task enqueue, assignment or expiry) resumes the waiting workflows in the calling process. Set it false for processes that should not
    /// run workflows (e.g. <c>agent mcp</c> on stdio inside a sub-agent's Claude process): the server's poll then delivers
    /// within <see cref="DeliveryPollInterval"/>.
    /// </summary>
    public bool ResumeOnSend { get; set; } = true;

    /// <summary>The longest an <c>agent_inbox</c> call may wait for a message.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "must be from 00:00:00 to 00:10:00")]
    public TimeSpan MaxInboxWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most messages one <c>agent_inbox</c> call returns.</summary>
    [Range(1, 1000, ErrorMessage = "must be from 1 to 1000")]
    public int MaxInboxMessages { get; set; } = 50;

    /// <summary>The most agents alive at once (spawning past it queues; read by spawning).</summary>
    [Range(1, 64, ErrorMessage = "must be from 1 to 64; 0 would let no agent run")]
    public int MaxAgents { get; set; } = 4;

    /// <summary>How many of the top gaps the coordinating workflow (workflows/agent-coordinator.json) works at once, each by best-of-N.</summary>
    [Range(1, 16, ErrorMessage = "must be from 1 to 16 gaps")]
    public int MaxGaps { get; set; } = 2;

    /// <summary>How long a task lease lasts without a heartbeat; a heartbeat extends it by as much (task distribution).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "must be from 00:00:00.100 to 1.00:00:00")]
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many leases a task gets: when the lease of its last attempt expires it is parked, not queued again.</summary>
    [Range(1, 100, ErrorMessage = "must be from 1 to 100; 0 would park every task before any agent got it")]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often <c>agent serve</c> gives expired task leases back to the queue and hands waiting workflows their tasks.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "must be from 00:00:00.010 to 00:10:00")]
    public TimeSpan LeaseSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Roles beyond (or overriding) the built-in planner, implementer, reviewer and researcher, by name, with the Claude
    /// permission mode their agents run with (<c>Coordination:Roles:&lt;role&gt;:PermissionMode</c>); read by spawning.
    /// </summary>
    public Dictionary<string, Spawning.RoleOptions> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The workflow definition a spawned agent runs (imported from <c>workflows/agent-worker.json</c>).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "give the id of the worker workflow definition, e.g. agent-worker")]
    public string WorkerDefinitionId { get; set; } = "agent-worker";

    /// <summary>
    /// The executable a spawned agent's Claude process starts as its coordination MCP server (<c>agent mcp</c>); empty =
    /// this process's own executable (with its entry assembly when run through <c>dotnet</c>).
    /// </summary>
    public string? McpCommand { get; set; }

    /// <summary>The arguments before <c>mcp</c> for <see cref="McpCommand"/> (e.g. the path of <c>Agent.Server.dll</c> when the command is <c>dotnet</c>).</summary>
    public List<string> McpArguments { get; set; } = [];

    /// <summary>Extra environment variables for that server (e.g. <c>AGENT_Agent__DataDirectory</c>, so it uses this agent's data directory).</summary>
    public Dictionary<string, string> McpEnvironment { get; set; } = new(StringComparer.Ordinal);
}
