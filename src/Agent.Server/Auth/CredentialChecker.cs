using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Agent.Server.Auth;

/// <summary>Checks a user name and password against the configured users' hashes.</summary>
public sealed class CredentialChecker(IOptions<AuthOptions> options)
{
    private readonly PasswordHasher<StudioUser> _hasher = new();

    /// <summary>The user when the name is known and the password matches; otherwise null.</summary>
    public StudioUser? Check(string? name, string? password)
    {
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(password)) return null;
        var user = options.Value.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.Ordinal));
        if (user is null)
        {
            // Hash anyway, so an unknown name takes as long as a wrong password.
            _hasher.HashPassword(new StudioUser(), password);
            return null;
        }
        return _hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    /// <summary>Hashes a password for the <c>Auth:Users</c> configuration.</summary>
    public static string Hash(string password) => new PasswordHasher<StudioUser>().HashPassword(new StudioUser(), password);
}
