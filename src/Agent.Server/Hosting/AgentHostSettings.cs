using Microsoft.Extensions.Logging;

namespace Agent.Server.Hosting;

/// <summary>How one host is created: by the CLI, by <c>agent serve</c> or by a test.</summary>
public sealed record AgentHostSettings
{
    /// <summary>Environment variable naming the content root; the <c>./agent</c> wrapper sets it to the repository.</summary>
    public const string RootVariable = "AGENT_ROOT";

    /// <summary>Folder that relative paths in configuration (database, workflows folder) are resolved against.</summary>
    public string ContentRoot { get; init; } = DefaultContentRoot();

    /// <summary>Configuration in command-line form (<c>Section:Key=value</c>), applied after environment variables.</summary>
    public IReadOnlyList<string> ConfigurationArgs { get; init; } = [];

    /// <summary>Values that win over every other source (CLI options such as <c>--database</c>, tests).</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>Whether <c>AGENT_</c> environment variables are read. Tests turn this off to stay isolated.</summary>
    public bool ReadEnvironmentVariables { get; init; } = true;

    /// <summary>The lowest level logged by CLI verbs (to stderr); the server reads <c>Logging</c> from configuration.</summary>
    public LogLevel CliLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>
    /// Registrations applied after the agent's own, so they add or replace services; null in production. Tests use it
    /// for what configuration cannot express (e.g. a policy engine that is not part of this build).
    /// </summary>
    public Action<IServiceCollection, IConfiguration>? ConfigureServices { get; init; }

    /// <summary>Returns a copy with one more override.</summary>
    public AgentHostSettings WithOverride(string key, string? value) =>
        this with { Overrides = new Dictionary<string, string?>(Overrides) { [key] = value } };

    private static string DefaultContentRoot() =>
        Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root
            ? Path.GetFullPath(root)
            : Directory.GetCurrentDirectory();
}
