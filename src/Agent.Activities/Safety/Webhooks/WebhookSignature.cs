using System.Security.Cryptography;
using System.Text;

namespace Agent.Activities.Safety.Webhooks;

/// <summary>The <c>X-Agent-Signature</c> of a request: <c>sha256=</c> + hex HMAC-SHA256(secret, timestamp + "." + body).</summary>
public static class WebhookSignature
{
    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="timestamp"/> (Unix seconds, as in <c>X-Agent-Timestamp</c>).</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>True when <paramref name="signature"/> is the signature of <paramref name="body"/> (compared in constant time).</summary>
    public static bool Verify(string secret, string timestamp, string body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
