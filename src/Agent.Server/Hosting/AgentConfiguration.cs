using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Agent.Server.Hosting;

/// <summary>
/// The configuration sources of every host, lowest priority first: built-in defaults, <c>appsettings.json</c>
/// and <c>appsettings.{Environment}.json</c> next to the executable, <c>AGENT_</c> environment variables
/// (<c>AGENT_Persistence__DatabasePath</c>), configuration arguments, then explicit overrides.
/// </summary>
public static class AgentConfiguration
{
    /// <summary>Prefix of the environment variables read as configuration.</summary>
    public const string EnvironmentVariablePrefix = "AGENT_";

    /// <summary>Key of the database file path (relative paths are resolved against the content root).</summary>
    public const string DatabasePathKey = "Persistence:DatabasePath";

    /// <summary>
    /// Key of the agent's data directory: every file the agent keeps (databases, the stop file, sample targets) defaults
    /// to a place inside it. Relative paths resolve against the content root.
    /// </summary>
    public const string DataDirectoryKey = "Agent:DataDirectory";

    /// <summary>The data directory when none is configured, relative to the content root.</summary>
    public const string DefaultDataDirectory = ".data";

    /// <summary>Values used when no source sets them, with the default data directory.</summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = DefaultsFor(DefaultDataDirectory);

    /// <summary>The files the agent keeps, each inside <paramref name="dataDirectory"/>, as the lowest-priority configuration.</summary>
    public static IReadOnlyDictionary<string, string?> DefaultsFor(string dataDirectory) => new Dictionary<string, string?>
    {
        [DataDirectoryKey] = dataDirectory,
        [DatabasePathKey] = Path.Combine(dataDirectory, "agent.db"),
        ["Learning:DatabasePath"] = Path.Combine(dataDirectory, "knowledge_base.db"),
        ["Claude:Jobs:DatabasePath"] = Path.Combine(dataDirectory, "claude-jobs.db"),
        ["Cycle:DatabasePath"] = Path.Combine(dataDirectory, "cycle.db"),
        ["Discovery:DatabasePath"] = Path.Combine(dataDirectory, "capabilities.db"),
        ["Research:CacheDatabasePath"] = Path.Combine(dataDirectory, "research.db"),
        ["Guards:StopFile"] = Path.Combine(dataDirectory, "STOP"),
        ["Discovery:SandboxDirectory"] = Path.Combine(dataDirectory, "mcp"),
        ["Discovery:AttemptsDatabasePath"] = Path.Combine(dataDirectory, "agent.db"),
        ["Safety:Audit:DatabasePath"] = Path.Combine(dataDirectory, "audit.db"),
        ["Coordination:DatabasePath"] = Path.Combine(dataDirectory, "coordination.db"),
    };

    /// <summary>Replaces the sources of <paramref name="configuration"/> with the agent's.</summary>
    public static void Apply(IConfigurationManager configuration, IHostEnvironment environment, AgentHostSettings settings)
    {
        configuration.Sources.Clear();
        // The defaults depend on the data directory, which any later source may set: read it from those sources first.
        configuration.AddInMemoryCollection(DefaultsFor(DataDirectoryOf(environment.EnvironmentName, settings)));
        AddSources(configuration, environment.EnvironmentName, settings);
    }

    /// <summary>The configured data directory as given (relative to the content root, or absolute).</summary>
    public static string DataDirectoryOf(string environmentName, AgentHostSettings settings)
    {
        var probe = new ConfigurationBuilder();
        AddSources(probe, environmentName, settings);
        return probe.Build()[DataDirectoryKey] is { Length: > 0 } configured ? configured : DefaultDataDirectory;
    }

    /// <summary>The configured data directory as a full path, resolved against the settings' content root.</summary>
    public static string FullDataDirectory(AgentHostSettings settings) =>
        Path.GetFullPath(DataDirectoryOf(Environments.Production, settings), settings.ContentRoot);

    private static void AddSources(IConfigurationBuilder configuration, string environmentName, AgentHostSettings settings)
    {
        var baseDirectory = AppContext.BaseDirectory;
        configuration.AddJsonFile(Path.Combine(baseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddJsonFile(Path.Combine(baseDirectory, $"appsettings.{environmentName}.json"), optional: true, reloadOnChange: false);
        if (settings.ReadEnvironmentVariables)
        {
            // Unprefixed first, as ASP.NET Core reads them (Research__StackExchange__BaseUrl=…), so container and CI set-ups
            // written the usual .NET way work; the AGENT_ ones are added after and win when both name a key.
            configuration.AddEnvironmentVariables();
            configuration.AddEnvironmentVariables(EnvironmentVariablePrefix);
        }
        if (settings.ConfigurationArgs.Count > 0) configuration.AddCommandLine([.. settings.ConfigurationArgs]);
        if (settings.Overrides.Count > 0) configuration.AddInMemoryCollection(settings.Overrides);
    }
}
