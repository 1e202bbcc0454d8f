using Agent.Server.Auth;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent studio hash-password</c>: prints the hash to put in <c>Auth:Users</c> for a Studio login.</summary>
public sealed class StudioHashPasswordVerb : Verb
{
    private readonly Option<string?> _password = new("--password") { Description = "The password; without it, it is read from stdin (one line)." };

    /// <summary>Creates the verb.</summary>
    public StudioHashPasswordVerb(CliContext context) : base(context, "hash-password", "Print the hash of a password for Auth:Users (the Studio's login).")
    {
        Command.Add(_password);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var password = parse.GetValue(_password) ?? (await System.Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password))
            throw new CliUsageException("Give a password with --password or on stdin.");
        Console.WriteLine(CredentialChecker.Hash(password));
        return ExitCodes.Success;
    }
}
