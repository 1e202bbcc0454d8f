using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Agent.Server.Auth;

/// <summary>
/// Authenticates machines by a configured key, sent the way Elsa Studio sends it (<c>Authorization: ApiKey &lt;key&gt;</c>)
/// or as an <c>X-Api-Key</c> header.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder, IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null) return Task.FromResult(AuthenticateResult.NoResult());
        var given = Encoding.UTF8.GetBytes(key);
        var match = auth.Value.ApiKeys.Any(k => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(k.Trim()), given));
        if (!match) return Task.FromResult(AuthenticateResult.Fail("The API key is not one of Auth:ApiKeys."));
        var identity = new ClaimsIdentity([new Claim("name", "api-key"), new Claim(ClaimTypes.Name, "api-key")], SchemeName, "name", ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static string? ReadKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase)) return header[(SchemeName.Length + 1)..].Trim();
        var x = request.Headers["X-Api-Key"].ToString();
        return x.Length > 0 ? x.Trim() : null;
    }
}
