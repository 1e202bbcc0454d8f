using Agent.Workflows.Persistence;

namespace Agent.Server.Cli.Verbs;

/// <summary>Maps <c>--version N</c> to the definition store's <see cref="VersionOptions"/>.</summary>
public static class VersionSelection
{
    /// <summary>The given version, or the latest when none is given.</summary>
    /// <exception cref="CliUsageException">The number is not positive.</exception>
    public static VersionOptions From(int? version) => version switch
    {
        null => VersionOptions.Latest,
        < 1 => throw new CliUsageException($"--version must be 1 or more, not {version}."),
        { } v => VersionOptions.SpecificVersion(v),
    };
}
