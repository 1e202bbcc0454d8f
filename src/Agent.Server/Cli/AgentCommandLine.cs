using System.CommandLine.Invocation;
using Agent.Server.Hosting;

namespace Agent.Server.Cli;

/// <summary>
/// The entry of the <c>agent</c> executable: parses the command line, runs the verb and turns failures into
/// exit codes (see <see cref="ExitCodes"/>). Tests call <see cref="RunAsync"/> with a captured console.
/// </summary>
public static class AgentCommandLine
{
    /// <summary>Runs one command line.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="console">Where output and errors go.</param>
    /// <param name="settings">How hosts are created (content root, configuration overrides).</param>
    /// <param name="handleTermination">Whether Ctrl+C/SIGTERM cancel the verb (true for the real process).</param>
    /// <param name="cancellationToken">Cancels the verb.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, CliConsole console, AgentHostSettings? settings = null,
        bool handleTermination = false, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(console, settings ?? new AgentHostSettings());
        var parse = AgentCommandTree.Create(context).Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors) console.WriteError($"error: {error.Message}");
            console.WriteError($"Run '{CommandPath(parse)} --help' for usage.");
            return ExitCodes.BadInput;
        }
        var invocation = new InvocationConfiguration
        {
            Output = console.OutputWriter,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = handleTermination ? TimeSpan.FromSeconds(5) : null,
        };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception e)
        {
            return new CliErrorReporter(console.Error, parse.GetValue(context.Globals.Verbose)).Report(e);
        }
    }

    // "agent workflows show" for the command the parser stopped at.
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
            names.Insert(0, r.Command.Name);
        names.Insert(0, "agent");
        return string.Join(' ', names);
    }
}
