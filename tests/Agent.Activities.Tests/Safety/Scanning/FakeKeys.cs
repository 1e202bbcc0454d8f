using System.Text;

namespace Agent.Activities.Tests.Safety.Scanning;

/// <summary>Real-looking credentials generated at random in each provider's format (none is a real credential).</summary>
internal static class FakeKeys
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string Alnum = Upper + "abcdefghijklmnopqrstuvwxyz" + Digits;

    public static string Random(string alphabet, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++) text.Append(alphabet[System.Random.Shared.Next(alphabet.Length)]);
        return text.ToString();
    }

    public static string Aws() => "AKIA" + Random(Upper + Digits, 16);
    public static string GitHub() => "ghp_" + Random(Alnum, 36);
    public static string GitHubFineGrained() => "github_pat_" + Random(Alnum, 22) + "_" + Random(Alnum, 59);
    public static string Slack() => $"xoxb-{Random(Digits, 12)}-{Random(Digits, 13)}-{Random(Alnum, 24)}";
    public static string Stripe() => "sk_live_" + Random(Alnum, 24);
    public static string Google() => "AIza" + Random(Alnum + "-_", 35);
    public static string Base64(int length) => Random(Alnum + "+/", length);
    public static string Hex(int length) => Random("0123456789abcdef", length);

    public static string Jwt()
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Part("""{"alg":"HS256","typ":"JWT"}""")}.{Part($$"""{"sub":"{{Random(Digits, 10)}}","name":"Jane","iat":1516239022}""")}.{Random(Alnum + "-_", 43)}";
    }

    public static string PrivateKey() => $"-----BEGIN RSA PRIVATE KEY-----\n{Base64(64)}\n{Base64(64)}\n-----END RSA PRIVATE KEY-----";
}
