using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Agent.Server.Auth;

/// <summary>Issues the signed access tokens (JWT, HMAC-SHA256) that the login page hands to the Studio elements.</summary>
public sealed class TokenIssuer
{
    /// <summary>The issuer and audience written into and required of every token.</summary>
    public const string Issuer = "agent";

    private readonly AuthOptions _options;
    private readonly TimeProvider _clock;

    /// <summary>Creates the issuer; the key comes from <see cref="AuthOptions.SigningKey"/> or is random per process.</summary>
    public TokenIssuer(IOptions<AuthOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
        var secret = _options.SigningKey is { Length: > 0 } configured ? Encoding.UTF8.GetBytes(configured) : RandomNumberGenerator.GetBytes(64);
        SigningKey = new SymmetricSecurityKey(secret);
        HasEphemeralKey = _options.SigningKey is not { Length: > 0 };
    }

    /// <summary>The key tokens are signed and validated with.</summary>
    public SymmetricSecurityKey SigningKey { get; }

    /// <summary>True when no key was configured, so tokens die with the process.</summary>
    public bool HasEphemeralKey { get; }

    /// <summary>A token for <paramref name="userName"/>, valid for <see cref="AuthOptions.TokenLifetime"/>.</summary>
    public string Issue(string userName)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userName), new Claim("name", userName)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _options.TokenLifetime,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }
}
