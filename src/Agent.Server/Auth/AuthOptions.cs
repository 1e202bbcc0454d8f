using System.ComponentModel.DataAnnotations;

namespace Agent.Server.Auth;

/// <summary>Who may use the Studio and the API, bound from the <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Auth";

    /// <summary>Development only: every endpoint answers without a token or key. The server logs a warning on start.</summary>
    public bool Disabled { get; set; }

    /// <summary>
    /// The HMAC key that signs access tokens (at least 32 characters). Unset: a random key per process, so tokens
    /// stop working when the server restarts.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long an access token from the login page is valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>People who can log in: a name and a password hash made by <c>agent studio hash-password</c>.</summary>
    public List<StudioUser> Users { get; set; } = [];

    /// <summary>Keys for machines, sent as <c>Authorization: ApiKey &lt;key&gt;</c> (or the <c>X-Api-Key</c> header).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKey is { Length: > 0 and < 32 })
            yield return new ValidationResult("Auth:SigningKey must be at least 32 characters long; use a random string (e.g. 'openssl rand -base64 48').", [nameof(SigningKey)]);
        foreach (var user in Users.Where(u => string.IsNullOrWhiteSpace(u.Name) || string.IsNullOrWhiteSpace(u.PasswordHash)))
            yield return new ValidationResult($"Auth:Users entry '{user.Name}' needs both Name and PasswordHash (make one with 'agent studio hash-password').", [nameof(Users)]);
        if (ApiKeys.Any(k => k is null || k.Trim().Length < 16))
            yield return new ValidationResult("Every Auth:ApiKeys entry must be at least 16 characters long.", [nameof(ApiKeys)]);
    }
}

/// <summary>A person who can log in to the Studio.</summary>
public sealed class StudioUser
{
    /// <summary>The login name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The password hash, in ASP.NET Core Identity's <c>PasswordHasher</c> format.</summary>
    public string PasswordHash { get; set; } = "";
}
