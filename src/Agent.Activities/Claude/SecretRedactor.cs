using System.Text.RegularExpressions;

namespace Agent.Activities.Claude;

/// <summary>Masks secrets (API keys, tokens, passwords) in text and environment values before anything is recorded.</summary>
public sealed partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Text with every recognised secret replaced by <see cref="Mask"/> (the prefix is kept, so a reader knows what was there).</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        text = AnthropicOrOpenAiKey().Replace(text, "sk-" + Mask);
        text = GitHubToken().Replace(text, m => m.Value[..4] + Mask);
        text = AwsAccessKey().Replace(text, "AKIA" + Mask);
        text = BearerToken().Replace(text, m => m.Groups[1].Value + Mask);
        text = Assignment().Replace(text, m => m.Groups[1].Value + m.Groups[2].Value + Mask);
        return text;
    }

    /// <summary>An environment value, masked entirely when the variable's name says it holds a secret.</summary>
    public string RedactVariable(string name, string value) => SecretName().IsMatch(name) ? Mask : Redact(value);

    [GeneratedRegex(@"sk-[A-Za-z0-9_\-]{6,}")]
    private static partial Regex AnthropicOrOpenAiKey();

    [GeneratedRegex(@"\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{10,}")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bAKIA[0-9A-Z]{16}\b")]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"(?i)\b(bearer\s+)[A-Za-z0-9._~+/\-]+=*")]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"(?i)\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret)(\s*[=:]\s*""?)[^\s""'&;,]+")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"(?i)(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH)")]
    private static partial Regex SecretName();
}
