using Agent.Server.Serve;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent serve [--urls URLS] [Section:Key=value ...]</c>: runs the server in the foreground until Ctrl+C.</summary>
public sealed class ServeVerb : Verb
{
    private readonly Option<string?> _urls = new("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:5080; or Server:Urls)." };

    /// <summary>Creates the verb.</summary>
    public ServeVerb(CliContext context)
        : base(context, "serve", "Run the server: migrate the database, import workflows/, recover interrupted instances, resume expired bookmarks, serve /health.")
    {
        Command.Add(_urls);
        // Anything else on the command line is configuration, e.g. Server:ExpiredBookmarkPollInterval=00:00:05.
        Command.TreatUnmatchedTokensAsErrors = false;
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = Context.SettingsFor(parse);
        settings = settings with { ConfigurationArgs = [.. settings.ConfigurationArgs, .. ConfigurationTokens(parse.UnmatchedTokens)] };
        if (parse.GetValue(_urls) is { Length: > 0 } urls) settings = settings.WithOverride("Server:Urls", urls);
        await AgentServer.RunAsync(settings, cancellationToken);
        return ExitCodes.Success;
    }

    // Extra tokens are configuration only when they have the form Section:Key=value; anything else is a typo.
    private static IEnumerable<string> ConfigurationTokens(IReadOnlyList<string> tokens)
    {
        foreach (var token in tokens)
        {
            if (token.TrimStart('-').IndexOf('=', StringComparison.Ordinal) <= 0)
                throw new CliUsageException($"Unknown argument '{token}' for 'agent serve'. Configuration is given as Section:Key=value, e.g. Server:Urls=http://127.0.0.1:6000.");
            yield return token;
        }
    }
}
