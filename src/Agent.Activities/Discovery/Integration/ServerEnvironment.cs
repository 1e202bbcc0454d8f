using Agent.Activities.Discovery.Registry;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// Decides the environment of a package's server from its <c>environmentVariables</c>: a value from the agent's own
/// environment is written as a <c>${NAME}</c> reference (so no secret lands in <c>.mcp.json</c>), else the declared
/// default; a required variable with neither stops the integration.
/// </summary>
public static class ServerEnvironment
{
    /// <summary>The entry's variables and the probe's resolved ones.</summary>
    /// <exception cref="IntegrationException">A required variable has no value and no default.</exception>
    public static (Dictionary<string, string> Entry, Dictionary<string, string> Probe) Resolve(ServerJson server, ServerPackage package, Func<string, string?> lookup)
    {
        var entry = new Dictionary<string, string>(StringComparer.Ordinal);
        var probe = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var variable in package.EnvironmentVariables.Where(v => !string.IsNullOrWhiteSpace(v.Name)))
        {
            if (lookup(variable.Name) is { } value)
            {
                entry[variable.Name] = "${" + variable.Name + "}";
                probe[variable.Name] = value;
            }
            else if (!string.IsNullOrEmpty(variable.Default) && !variable.IsSecret)
            {
                entry[variable.Name] = variable.Default;
                probe[variable.Name] = variable.Default;
            }
            else if (variable.IsRequired)
            {
                missing.Add(variable.Name);
            }
        }
        if (missing.Count > 0)
            throw new IntegrationException($"{server.Name} needs the environment variable(s) {string.Join(", ", missing)}; set them in the agent's environment (they are written to .mcp.json as ${{NAME}} references) and try again.");
        return (entry, probe);
    }
}
