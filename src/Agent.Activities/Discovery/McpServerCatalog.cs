using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery;

/// <summary>
/// Collects the servers a scan reads: the agent's own (<c>Discovery:Servers</c>), then the target repository's
/// <c>.mcp.json</c>, then Claude Code's user configuration. When two sources name the same server, the earlier wins.
/// </summary>
public sealed class McpServerCatalog(IOptions<DiscoveryOptions> options)
{
    /// <summary>The name of a repository's MCP configuration file.</summary>
    public const string ProjectFileName = ".mcp.json";

    /// <summary>The servers to scan for <paramref name="targetPath"/> (null: the agent's and the user's only).</summary>
    /// <exception cref="McpConfigException">A configuration is invalid; the message names the file and server.</exception>
    public IReadOnlyList<McpServerEntry> Collect(string? targetPath)
    {
        var settings = options.Value;
        var entries = new List<McpServerEntry>();
        foreach (var (name, server) in settings.Servers)
            Add(entries, McpServerConfigReader.FromOptions(name, server, $"configuration {DiscoveryOptions.SectionName}:Servers", McpServerSource.Agent, null));

        var fullTarget = targetPath is null ? null : Path.GetFullPath(targetPath);
        if (fullTarget is not null)
        {
            if (!Directory.Exists(fullTarget)) throw new McpConfigException(fullTarget, null, "the target directory does not exist; pass an existing repository.");
            var projectFile = Path.Combine(fullTarget, ProjectFileName);
            if (File.Exists(projectFile))
            {
                foreach (var entry in McpServerConfigReader.ReadFile(projectFile, McpServerSource.Target, fullTarget)) Add(entries, entry);
            }
        }
        if (settings.IncludeUserConfig && File.Exists(settings.EffectiveUserConfigPath))
        {
            foreach (var entry in McpServerConfigReader.ReadFile(settings.EffectiveUserConfigPath, McpServerSource.User, null, fullTarget)) Add(entries, entry);
        }
        return entries;
    }

    private static void Add(List<McpServerEntry> entries, McpServerEntry entry)
    {
        if (entries.All(e => e.Name != entry.Name)) entries.Add(entry);
    }
}
