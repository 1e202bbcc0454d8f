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

    /// <summary>Values used when no source sets them.</summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        [DatabasePathKey] = Path.Combine(".data", "agent.db"),
    };

    /// <summary>Replaces the sources of <paramref name="configuration"/> with the agent's.</summary>
    public static void Apply(IConfigurationManager configuration, IHostEnvironment environment, AgentHostSettings settings)
    {
        configuration.Sources.Clear();
        configuration.AddInMemoryCollection(Defaults);
        var baseDirectory = AppContext.BaseDirectory;
        configuration.AddJsonFile(Path.Combine(baseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddJsonFile(Path.Combine(baseDirectory, $"appsettings.{environment.EnvironmentName}.json"), optional: true, reloadOnChange: false);
        if (settings.ReadEnvironmentVariables) configuration.AddEnvironmentVariables(EnvironmentVariablePrefix);
        if (settings.ConfigurationArgs.Count > 0) configuration.AddCommandLine([.. settings.ConfigurationArgs]);
        if (settings.Overrides.Count > 0) configuration.AddInMemoryCollection(settings.Overrides);
    }
}
