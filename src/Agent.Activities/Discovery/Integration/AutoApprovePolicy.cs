using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// Which servers may be integrated without a human: <see cref="IntegrationOptions.AutoApprove"/> patterns matched
/// against the registry name and the <c>.mcp.json</c> name (<c>*</c> = any characters, case-insensitive).
/// </summary>
public sealed class AutoApprovePolicy(IOptions<IntegrationOptions> options)
{
    /// <summary>The pattern that allows the server, or null when a human must approve it.</summary>
    public string? AllowedBy(string? serverName, string? name) =>
        options.Value.AutoApprove.FirstOrDefault(pattern => Matches(pattern, serverName) || Matches(pattern, name));

    private static bool Matches(string pattern, string? value) =>
        !string.IsNullOrWhiteSpace(pattern) && value is not null
        && Regex.IsMatch(value, "^" + Regex.Escape(pattern.Trim()).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
