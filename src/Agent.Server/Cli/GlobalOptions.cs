namespace Agent.Server.Cli;

/// <summary>Options accepted by every verb.</summary>
public sealed class GlobalOptions
{
    /// <summary><c>--database</c>: the SQLite file to use instead of the configured one.</summary>
    public Option<string?> Database { get; } = new("--database", "--db")
    {
        Description = "The database file (default: .data/agent.db under the repository; or set AGENT_Persistence__DatabasePath).",
        Recursive = true,
    };

    /// <summary><c>--data-dir</c>: where the agent keeps its files.</summary>
    public Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "The agent's data directory: databases, the stop file and sample targets (default: .data under the repository; or set AGENT_Agent__DataDirectory).",
        Recursive = true,
    };

    /// <summary><c>--config</c>: configuration values in <c>Section:Key=value</c> form.</summary>
    public Option<string[]> Config { get; } = new("--config")
    {
        Description = "A configuration value as Section:Key=value (repeatable), e.g. --config Server:Urls=http://127.0.0.1:6000.",
        Recursive = true,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary><c>--verbose</c>: log at debug level and show stack traces of unexpected errors.</summary>
    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log details to stderr and show stack traces of unexpected errors.",
        Recursive = true,
    };

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Database);
        root.Options.Add(DataDirectory);
        root.Options.Add(Config);
        root.Options.Add(Verbose);
    }
}
