using Microsoft.Extensions.Options;

namespace Agent.Server.Auth;

/// <summary>Says loudly on start when authentication is off, and warns about set-ups that will surprise people.</summary>
public sealed partial class AuthStartupWarning(IOptions<AuthOptions> options, TokenIssuer issuer, ILogger<AuthStartupWarning> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var auth = options.Value;
        if (auth.Disabled) LogDisabled();
        else
        {
            if (auth.Users.Count == 0 && auth.ApiKeys.Count == 0) LogNobody();
            if (issuer.HasEphemeralKey) LogEphemeralKey();
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "!!! AUTHENTICATION IS DISABLED (Auth:Disabled=true): anyone who can reach this server can read, change and run every workflow. Use this for local development only. !!!")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Warning, Message = "No users and no API keys are configured (Auth:Users, Auth:ApiKeys): nobody can log in to the Studio or call the API.")]
    private partial void LogNobody();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:SigningKey is not set: access tokens are signed with a random key and stop working when the server restarts.")]
    private partial void LogEphemeralKey();
}
