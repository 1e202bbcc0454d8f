using System.Text.RegularExpressions;

namespace Agent.Activities.Discovery;

/// <summary>
/// Expands environment variables in MCP server files as Claude Code does: <c>${VAR}</c> and <c>${VAR:-default}</c> in
/// <c>command</c>, <c>args</c>, <c>env</c>, <c>url</c> and <c>headers</c>. A variable that is not set and has no default is
/// an error, as it is for Claude Code.
/// </summary>
public static partial class McpConfigVariables
{
    /// <summary><paramref name="value"/> with every reference replaced, reading variables through <paramref name="lookup"/>.</summary>
    /// <exception cref="McpConfigException">A referenced variable is not set and has no default.</exception>
    public static string Expand(string value, Func<string, string?> lookup, string file, string server) =>
        Reference().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            if (lookup(name) is { } set) return set;
            if (match.Groups["default"].Success) return match.Groups["default"].Value;
            throw new McpConfigException(file, server, $"the environment variable '{name}' is not set and has no default; set it, write ${{{name}:-default}}, or remove the server.");
        });

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}")]
    private static partial Regex Reference();
}
