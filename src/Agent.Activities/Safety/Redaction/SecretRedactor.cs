using System.Text.RegularExpressions;

namespace Agent.Activities.Safety.Redaction;

/// <summary>
/// Masks secrets (private keys, API keys, tokens, passwords, connection strings) in text, environment values and event
/// data before anything is recorded or sent: Claude run logs, the audit log and webhook payloads.
/// </summary>
public sealed partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Text with every recognised secret replaced by <see cref="Mask"/> (a prefix is kept where it says what was there).</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        // Whole blocks and structured values first, so the narrower patterns below do not leave half of them behind.
        text = PrivateKeyBlock().Replace(text, m => $"-----BEGIN {m.Groups[1].Value}PRIVATE KEY-----{Mask}-----END {m.Groups[1].Value}PRIVATE KEY-----");
        text = UrlCredentials().Replace(text, m => m.Groups[1].Value + m.Groups[2].Value + ":" + Mask + "@");
        text = AuthorizationHeader().Replace(text, m => m.Groups[1].Value + (m.Groups[2].Success ? m.Groups[2].Value + " " : "") + Mask);
        text = Jwt().Replace(text, "eyJ" + Mask);
        text = StripeKey().Replace(text, m => m.Groups[1].Value + Mask);
        text = AnthropicOrOpenAiKey().Replace(text, "sk-" + Mask);
        text = GitHubToken().Replace(text, m => m.Value[..4] + Mask);
        text = GitLabToken().Replace(text, "glpat-" + Mask);
        text = SlackToken().Replace(text, m => m.Groups[1].Value + Mask);
        text = NpmToken().Replace(text, "npm_" + Mask);
        text = GoogleApiKey().Replace(text, "AIza" + Mask);
        text = AwsAccessKey().Replace(text, "AKIA" + Mask);
        text = BearerToken().Replace(text, m => m.Groups[1].Value + Mask);
        text = Assignment().Replace(text, m => m.Groups[1].Value + m.Groups[2].Value + Mask);
        return text;
    }

    /// <summary>An environment value, masked entirely when the variable's name says it holds a secret.</summary>
    public string RedactVariable(string name, string value) => IsSecretName(name) ? Mask : Redact(value);

    /// <summary>True when a variable or data key named <paramref name="name"/> holds a secret by its name (TOKEN, PASSWORD, API_KEY…).</summary>
    public bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>
    /// A copy of <paramref name="data"/> with the values of secret-named keys masked entirely and every other value
    /// redacted as text; the keys themselves are kept (they say what was there).
    /// </summary>
    public IReadOnlyDictionary<string, string> RedactData(IReadOnlyDictionary<string, string> data)
    {
        var redacted = new Dictionary<string, string>(data.Count, StringComparer.Ordinal);
        foreach (var (key, value) in data) redacted[key] = RedactVariable(key, value);
        return redacted;
    }

    [GeneratedRegex(@"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)")]
    private static partial Regex PrivateKeyBlock();

    // scheme://user:password@host — postgres, mysql, mongodb, redis, amqp, https…
    [GeneratedRegex(@"\b([a-zA-Z][a-zA-Z0-9+.\-]*://)([^\s:/@]+):[^\s@/]+@")]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"(?i)\b(authorization[""']?\s*[:=]\s*[""']?)(?:(bearer|basic|token|digest|negotiate)\s+)?[^\s""',;]+")]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\b((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]{10,}")]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"sk-[A-Za-z0-9_\-]{6,}")]
    private static partial Regex AnthropicOrOpenAiKey();

    [GeneratedRegex(@"\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{10,}")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bglpat-[A-Za-z0-9_\-]{20,}")]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"\b(xox[abposr]-)[A-Za-z0-9\-]{10,}")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bnpm_[A-Za-z0-9]{36}\b")]
    private static partial Regex NpmToken();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{35}")]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\bAKIA[0-9A-Z]{16}\b")]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"(?i)\b(bearer\s+)[A-Za-z0-9._~+/\-]+=*")]
    private static partial Regex BearerToken();

    // key=value and key: value, including connection-string parts (Password=…; Pwd=…;) and quoted JSON ("password": "…").
    [GeneratedRegex(@"(?i)\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|aws_secret_access_key|private[_-]?key)(""?\s*[=:]\s*""?)[^\s""'&;,]+")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"(?i)(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH)")]
    private static partial Regex SecretName();
}
