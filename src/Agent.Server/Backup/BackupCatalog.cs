using Agent.Activities.Claude;
using Agent.Activities.Coordination;
using Agent.Activities.Cycle;
using Agent.Activities.Discovery;
using Agent.Activities.Discovery.Integration;
using Agent.Activities.Learning;
using Agent.Activities.Research.Findings;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Decisions;
using Agent.Activities.Safety.Policy;
using Agent.Server.Hosting;
using Agent.Workflows.Persistence;

namespace Agent.Server.Backup;

/// <summary>What one backed-up file is.</summary>
public enum BackupKind
{
    /// <summary>A SQLite database, copied with SQLite's online backup API.</summary>
    Sqlite,

    /// <summary>A plain file (.mcp.json, the policy, the goals), copied as it is.</summary>
    File,

    /// <summary>A <c>pg_dump --format=custom</c> of the PostgreSQL database.</summary>
    PostgresDump,
}

/// <summary>One file the agent keeps, by the configuration keys that name it and where it is now.</summary>
/// <param name="Kind">How it is copied.</param>
/// <param name="Keys">The configuration keys (or <c>file:</c> names) that point at it; several stores may share one file.</param>
/// <param name="FullPath">The file as configured now.</param>
public sealed record BackupSource(BackupKind Kind, IReadOnlyList<string> Keys, string FullPath);

/// <summary>One database setting of the agent: its configuration key and the options property it binds to.</summary>
/// <param name="Key">The configuration key, e.g. <c>Cycle:DatabasePath</c>.</param>
/// <param name="OptionsType">The options class with the property, or null when only the key exists (read by the host).</param>
/// <param name="Property">The property's name in <paramref name="OptionsType"/>.</param>
public sealed record DatabaseSetting(string Key, Type? OptionsType, string Property);

/// <summary>
/// Every file the agent keeps, enumerated from the configuration: the SQLite databases of every store (by their
/// <c>*DatabasePath</c> settings) and the operator's files (.mcp.json, the policy, the goals). A test fails when an
/// options class gains a <c>*DatabasePath</c> property that is not listed in <see cref="Databases"/>.
/// </summary>
public sealed class BackupCatalog(IConfiguration configuration, IHostEnvironment environment)
{
    /// <summary>The agent's own MCP server configuration, at the content root.</summary>
    public const string McpFileKey = "file:.mcp.json";

    /// <summary>The agent's own goals file, at the content root.</summary>
    public const string GoalsFileKey = "file:agent.goals.yaml";

    /// <summary>The operator's policy file's key.</summary>
    public const string PolicyFileKey = "Safety:Policy:Path";

    /// <summary>
    /// Every database setting. An unset key means the store lives in the engine's database (approvals, decisions, the
    /// schedule state, the guards and budgets always do), which is listed first.
    /// </summary>
    public static IReadOnlyList<DatabaseSetting> Databases { get; } =
    [
        new(AgentConfiguration.DatabasePathKey, typeof(PersistenceOptions), nameof(PersistenceOptions.DatabasePath)),
        new("Learning:DatabasePath", typeof(LearningOptions), nameof(LearningOptions.DatabasePath)),
        new("Claude:Jobs:DatabasePath", typeof(ClaudeJobsOptions), nameof(ClaudeJobsOptions.DatabasePath)),
        new("Cycle:DatabasePath", typeof(CycleOptions), nameof(CycleOptions.DatabasePath)),
        new("Discovery:DatabasePath", typeof(DiscoveryOptions), nameof(DiscoveryOptions.DatabasePath)),
        new("Discovery:AttemptsDatabasePath", typeof(IntegrationOptions), nameof(IntegrationOptions.AttemptsDatabasePath)),
        new("Research:CacheDatabasePath", typeof(ExternalResearchOptions), nameof(ExternalResearchOptions.CacheDatabasePath)),
        new("Safety:Audit:DatabasePath", typeof(AuditOptions), nameof(AuditOptions.DatabasePath)),
        new("Safety:Decisions:DatabasePath", typeof(DecisionsOptions), nameof(DecisionsOptions.DatabasePath)),
        new("Coordination:DatabasePath", typeof(CoordinationOptions), nameof(CoordinationOptions.DatabasePath)),
        new(CycleHosting.ApprovalsDatabaseKey, null, "DatabasePath"),
    ];

    /// <summary>The content root that relative paths resolve against.</summary>
    public string ContentRoot => environment.ContentRootPath;

    /// <summary>The data directory as a full path.</summary>
    public string DataDirectory => Resolve(configuration[AgentConfiguration.DataDirectoryKey] is { Length: > 0 } data ? data : AgentConfiguration.DefaultDataDirectory);

    /// <summary>The configured provider of the stores (section <c>Database</c>).</summary>
    public DatabaseOptions Database => configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();

    /// <summary>The SQLite databases as configured now, one entry per distinct file (with every key naming it).</summary>
    public IReadOnlyList<BackupSource> SqliteDatabases()
    {
        var byPath = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var setting in Databases)
        {
            if (configuration[setting.Key] is not { Length: > 0 } value) continue;
            var path = Resolve(value);
            if (!byPath.TryGetValue(path, out var keys)) { byPath[path] = keys = []; order.Add(path); }
            keys.Add(setting.Key);
        }
        return [.. order.Select(p => new BackupSource(BackupKind.Sqlite, byPath[p], p))];
    }

    /// <summary>The operator's files: .mcp.json, the policy and the goals file of the agent itself.</summary>
    public IReadOnlyList<BackupSource> OperatorFiles() =>
    [
        new(BackupKind.File, [McpFileKey], Resolve(McpServerCatalog.ProjectFileName)),
        new(BackupKind.File, [PolicyFileKey], Resolve(configuration[PolicyFileKey] is { Length: > 0 } policy ? policy : PolicyOptions.FileName)),
        new(BackupKind.File, [GoalsFileKey], Resolve(Activities.Goals.GoalTree.FileName)),
    ];

    /// <summary>Where the file a backup recorded under <paramref name="keys"/> belongs now, or null when no key is known any more.</summary>
    public string? CurrentPathOf(BackupKind kind, IEnumerable<string> keys)
    {
        var sources = kind == BackupKind.Sqlite ? SqliteDatabases() : OperatorFiles();
        foreach (var key in keys)
            if (sources.FirstOrDefault(s => s.Keys.Contains(key, StringComparer.Ordinal)) is { } source) return source.FullPath;
        return null;
    }

    private string Resolve(string path) => Path.GetFullPath(path, environment.ContentRootPath);
}
