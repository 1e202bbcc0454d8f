using System.Globalization;
using Agent.Workflows.Persistence;

namespace Agent.Server.Api;

/// <summary>Elsa's <c>versionOptions</c> parameter: <c>Latest</c>, <c>Published</c>, <c>LatestOrPublished</c>, <c>AllVersions</c>, <c>Draft</c> or a number.</summary>
public readonly record struct ElsaVersionOptions(VersionOptions? Single, bool AllVersions, bool DraftOnly)
{
    /// <summary>Parses the parameter; null or empty gives <paramref name="fallback"/>.</summary>
    /// <exception cref="ApiBadRequestException">The value is not one Elsa defines.</exception>
    public static ElsaVersionOptions Parse(string? value, VersionOptions fallback)
    {
        if (string.IsNullOrWhiteSpace(value)) return new(fallback, false, false);
        return value.Trim() switch
        {
            var v when v.Equals("Latest", StringComparison.OrdinalIgnoreCase) => new(VersionOptions.Latest, false, false),
            var v when v.Equals("Published", StringComparison.OrdinalIgnoreCase) => new(VersionOptions.Published, false, false),
            var v when v.Equals("LatestOrPublished", StringComparison.OrdinalIgnoreCase) => new(VersionOptions.LatestOrPublished, false, false),
            var v when v.Equals("LatestAndPublished", StringComparison.OrdinalIgnoreCase) => new(VersionOptions.LatestOrPublished, false, false),
            var v when v.Equals("AllVersions", StringComparison.OrdinalIgnoreCase) => new(null, true, false),
            var v when v.Equals("Draft", StringComparison.OrdinalIgnoreCase) => new(VersionOptions.Latest, false, true),
            var v when int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => new(VersionOptions.SpecificVersion(n), false, false),
            var v => throw new ApiBadRequestException(
                $"versionOptions '{v}' is not valid; use Latest, Published, LatestOrPublished, AllVersions, Draft or a version number."),
        };
    }
}
