using System.Text;

namespace Agent.Activities.Discovery.Integration;

/// <summary>Names a server gets outside the registry.</summary>
public static class ServerNames
{
    /// <summary>
    /// The <c>.mcp.json</c> (and sandbox folder) name of a registry server: the part after the slash, reduced to
    /// letters, digits, <c>-</c> and <c>_</c>, e.g. <c>io.github.modelcontextprotocol/server-memory</c> → <c>server-memory</c>.
    /// </summary>
    /// <exception cref="IntegrationException">Nothing usable is left of the name.</exception>
    public static string ShortName(string registryName)
    {
        var tail = registryName[(registryName.LastIndexOf('/') + 1)..];
        var builder = new StringBuilder();
        foreach (var c in tail) builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        var name = builder.ToString().Trim('-');
        return name.Length > 0 ? name : throw new IntegrationException($"'{registryName}' gives no usable server name; registry names look like io.github.owner/name.");
    }

    /// <summary>Checks a name given for removal (it must be a plain <c>.mcp.json</c> name, never a path).</summary>
    /// <exception cref="IntegrationException">The name is empty or has characters other than letters, digits, '-', '_' and '.'.</exception>
    public static string Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || name.Trim('.').Length == 0)
            throw new IntegrationException($"'{name}' is not a server name; give the name under mcpServers in .mcp.json (letters, digits, '-', '_', '.').");
        return name;
    }
}
