using Agent.Server.Hosting;

namespace Agent.Server.Cli;

/// <summary>What every verb is given: the console, the host settings and the global options.</summary>
public sealed class CliContext(CliConsole console, AgentHostSettings settings)
{
    /// <summary>Where the verb writes.</summary>
    public CliConsole Console { get; } = console;

    /// <summary>The options every verb accepts.</summary>
    public GlobalOptions Globals { get; } = new();

    /// <summary>The host settings with the global options of this command line applied.</summary>
    public AgentHostSettings SettingsFor(ParseResult parse)
    {
        var result = settings;
        if (parse.GetValue(Globals.Config) is { Length: > 0 } config)
            result = result with { ConfigurationArgs = [.. result.ConfigurationArgs, .. config] };
        if (parse.GetValue(Globals.DataDirectory) is { Length: > 0 } data)
            result = result.WithOverride(AgentConfiguration.DataDirectoryKey, Path.GetFullPath(data));
        if (parse.GetValue(Globals.Database) is { Length: > 0 } database)
            result = result.WithOverride(AgentConfiguration.DatabasePathKey, Path.GetFullPath(database));
        if (parse.GetValue(Globals.Verbose)) result = result with { CliLogLevel = LogLevel.Debug };
        return result;
    }

    /// <summary>Opens the services for one verb: builds and starts the host and prepares the database.</summary>
    public Task<CliSession> OpenAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CliSession.OpenAsync(SettingsFor(parse), cancellationToken);
}
