using Agent.ModelServer;
using Agent.ModelServer.Scripts;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent model-server --script FILE [--port N]</c>: serves a scripted stand-in for the Anthropic Messages API on
/// 127.0.0.1 until Ctrl+C, so the real Claude Code CLI can run offline (rehearsals, manual checks).
/// </summary>
public sealed class ModelServerVerb : Verb
{
    private readonly Option<FileInfo> _script = new("--script") { Description = "The script file (JSON; see docs/model-server.md).", Required = true };
    private readonly Option<int> _port = new("--port") { Description = "The port to listen on (default: a free port)." };

    /// <summary>Creates the verb.</summary>
    public ModelServerVerb(CliContext context)
        : base(context, "model-server", "Serve a scripted Anthropic Messages API on 127.0.0.1 for the Claude Code CLI, until Ctrl+C.")
    {
        Command.Add(_script);
        Command.Add(_port);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var port = parse.GetValue(_port);
        if (port is < 0 or > 65535) throw new CliUsageException($"--port {port} is not a port number (0-65535).");
        ModelScript script;
        try
        {
            script = await ScriptLoader.LoadFileAsync(parse.GetRequiredValue(_script).FullName, cancellationToken);
        }
        catch (ModelScriptException e)
        {
            throw new CliUsageException(e.Message);
        }

        using var loggers = LoggerFactory.Create(b => b
            .SetMinimumLevel(parse.GetValue(Context.Globals.Verbose) ? LogLevel.Debug : LogLevel.Information)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter("Microsoft", LogLevel.Warning)
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        await using var server = new ScriptedModelServer(script, new ModelServerOptions { Port = port }, loggers);
        var url = await server.StartAsync(cancellationToken);
        var baseUrl = url.ToString().TrimEnd('/');
        Console.WriteLine($"Model server for script '{script.Name}' ({script.Rules.Count} rules) listening on {baseUrl}");
        Console.WriteLine("Use it with:");
        Console.WriteLine($"  export ANTHROPIC_BASE_URL={baseUrl}");
        Console.WriteLine("  export ANTHROPIC_API_KEY=sk-test");
        Console.WriteLine("  export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1");
        Console.WriteLine("  export CLAUDE_CODE_MAX_RETRIES=1");
        Console.WriteLine("Press Ctrl+C to stop.");
        Console.OutputWriter.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        Console.WriteLine($"Stopped after {server.Log.MessagesRequests.Count} Messages API calls.");
        return ExitCodes.Success;
    }
}
