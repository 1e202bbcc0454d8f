using System.Security.Cryptography;
using Agent.Activities.Safety.Redaction;

namespace Agent.Activities.Tests.Safety.Redaction;

/// <summary>Real-looking secrets, generated per run (never real credentials), in the shapes the providers issue them.</summary>
internal static class FakeSecrets
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Random(int length, string alphabet = Alphanumeric) => RandomNumberGenerator.GetString(alphabet, length);

    public static string Base64Url(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string PrivateKeyBody() => string.Join("\n", Enumerable.Range(0, 6).Select(_ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))));

    /// <summary>Name → (text containing the secret, the secret part that must disappear).</summary>
    public static IReadOnlyList<(string Name, string Text, string Secret)> All()
    {
        var key = PrivateKeyBody();
        var slack = $"xoxb-{Random(12, "0123456789")}-{Random(13, "0123456789")}-{Random(24)}";
        var stripe = "sk_live_" + Random(24);
        var restricted = "rk_live_" + Random(24);
        var google = "AIza" + Random(35);
        var jwt = $"eyJ{Base64Url(18)}.eyJ{Base64Url(30)}.{Base64Url(32)}";
        var password = Random(16);
        var pgPassword = Random(14);
        var header = Random(40);
        var npm = "npm_" + Random(36);
        var gitlab = "glpat-" + Random(20);
        var anthropic = "sk-ant-api03-" + Random(40);
        var github = "ghp_" + Random(36);
        var aws = "AKIA" + Random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        return
        [
            ("private key", $"deploy key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n{key}\n-----END OPENSSH PRIVATE KEY-----\ndone", key[..40]),
            ("rsa private key", $"-----BEGIN RSA PRIVATE KEY-----\n{key}\n-----END RSA PRIVATE KEY-----", key[^40..]),
            ("slack", $"SLACK={slack} posted", slack[5..]),
            ("stripe", $"charge with {stripe}", stripe[8..]),
            ("stripe restricted", $"key {restricted}.", restricted[8..]),
            ("google", $"maps?key2={google}&x=1", google[4..]),
            ("jwt", $"session {jwt} ok", jwt[3..]),
            ("connection string", $"Server=db;Database=app;User Id=sa;Password={password};Encrypt=true", password),
            ("url credentials", $"DATABASE_URL postgres://app:{pgPassword}@db.internal:5432/app", pgPassword),
            ("authorization header", $"curl -H 'Authorization: token {header}' https://api", header),
            ("npm", $"//registry.npmjs.org/:_authToken={npm}", npm[4..]),
            ("gitlab", $"GL {gitlab}", gitlab[6..]),
            ("anthropic", $"key {anthropic}", anthropic[7..]),
            ("github", $"push with {github}", github[4..]),
            ("aws", $"id {aws} region", aws[4..]),
        ];
    }
}

[TestClass]
public sealed class SecretRedactorTests
{
    private readonly SecretRedactor _redactor = new();

    [TestMethod]
    public void Every_kind_of_real_looking_secret_is_masked()
    {
        foreach (var (name, text, secret) in FakeSecrets.All())
        {
            var redacted = _redactor.Redact(text);
            Assert.DoesNotContain(secret, redacted, $"{name}: {redacted}");
            Assert.Contains(SecretRedactor.Mask, redacted, name);
        }
    }

    [TestMethod]
    public void The_text_around_a_secret_is_kept()
    {
        var password = FakeSecrets.Random(12);

        Assert.AreEqual("Server=db;Password=***;Encrypt=true", _redactor.Redact($"Server=db;Password={password};Encrypt=true"));
        Assert.AreEqual("postgres://app:***@db:5432/app", _redactor.Redact($"postgres://app:{password}@db:5432/app"));
        Assert.AreEqual("Authorization: Bearer ***", _redactor.Redact($"Authorization: Bearer {password}"));
        Assert.AreEqual("merged 3f2a1c9 into main (12 files)", _redactor.Redact("merged 3f2a1c9 into main (12 files)"));
    }

    [TestMethod]
    public void An_unterminated_private_key_is_masked_to_the_end()
    {
        var key = FakeSecrets.PrivateKeyBody();

        var redacted = _redactor.Redact($"oops -----BEGIN PRIVATE KEY-----\n{key}");

        Assert.DoesNotContain(key[..20], redacted);
        Assert.DoesNotContain(key[^20..], redacted);
    }

    [TestMethod]
    public void Data_keys_named_like_secrets_are_masked_whole_and_the_rest_redacted_as_text()
    {
        var stripe = "sk_live_" + FakeSecrets.Random(24);
        var data = new Dictionary<string, string>
        {
            ["webhook_secret"] = "plain words",
            ["ApiKey"] = "x",
            ["note"] = $"used {stripe}",
            ["cycle"] = "c-42",
        };

        var redacted = _redactor.RedactData(data);

        Assert.AreEqual(SecretRedactor.Mask, redacted["webhook_secret"]);
        Assert.AreEqual(SecretRedactor.Mask, redacted["ApiKey"]);
        Assert.AreEqual("used sk_live_***", redacted["note"]);
        Assert.AreEqual("c-42", redacted["cycle"]);
    }
}
