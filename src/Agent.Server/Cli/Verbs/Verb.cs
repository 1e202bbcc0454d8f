namespace Agent.Server.Cli.Verbs;

/// <summary>One CLI verb: its <see cref="System.CommandLine.Command"/> and what it does when invoked.</summary>
public abstract class Verb
{
    /// <summary>Creates the command and binds it to <see cref="ExecuteAsync"/>.</summary>
    protected Verb(CliContext context, string name, string description)
    {
        Context = context;
        Command = new Command(name, description);
        Command.SetAction(ExecuteAsync);
    }

    /// <summary>The command to add to the tree.</summary>
    public Command Command { get; }

    /// <summary>The console, settings and global options.</summary>
    protected CliContext Context { get; }

    /// <summary>Where the verb writes.</summary>
    protected CliConsole Console => Context.Console;

    /// <summary>Runs the verb and returns its exit code. Exceptions are reported by <see cref="CliErrorReporter"/>.</summary>
    protected abstract Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken);
}
