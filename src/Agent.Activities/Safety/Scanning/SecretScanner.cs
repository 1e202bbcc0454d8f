using System.Text.RegularExpressions;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Scanning;

/// <summary>
/// Finds credentials in the lines a change adds. Two kinds of evidence: the formats of well-known keys (AWS access key
/// ids, GitHub tokens, Slack tokens, Stripe live keys, Google API keys, private key blocks, JWTs, quoted password
/// assignments), and high Shannon entropy of a long base64 or hex value assigned to a secret-like name.
/// Allowed: obvious placeholders (<c>example</c>, <c>changeme</c>, <c>your_…</c>, <c>xxxx</c>, <c>${VAR}</c>…), values of
/// hash-like names (<c>integrity</c>, <c>sha256</c>, <c>checksum</c>…), lock files (their hashes are not secrets), and the
/// globs of <see cref="ScanningOptions.SecretAllowPaths"/>.
/// </summary>
public sealed partial class SecretScanner(IOptions<ScanningOptions> options)
{
    private readonly PathGlobs _allowed = new(options.Value.SecretAllowPaths);
    private readonly ScanningOptions _options = options.Value;

    private static readonly (string Rule, Regex Pattern)[] Formats =
    [
        ("aws-access-key-id", AwsKey()),
        ("github-token", GitHubToken()),
        ("github-fine-grained-token", GitHubPat()),
        ("slack-token", SlackToken()),
        ("stripe-live-key", StripeKey()),
        ("google-api-key", GoogleKey()),
        ("private-key", PrivateKey()),
        ("jwt", Jwt()),
    ];

    private static readonly string[] PlaceholderWords =
        ["example", "placeholder", "changeme", "change_me", "your_", "your-", "yourkey", "xxxx", "dummy", "fake", "sample", "redacted", "<", "${", "{{", "%(", "****", "...", "todo"];

    private static readonly string[] LockFiles = ["package-lock.json", "yarn.lock", "pnpm-lock.yaml", "packages.lock.json", "go.sum", "poetry.lock", "Cargo.lock", "composer.lock", "Gemfile.lock"];

    /// <summary>The secrets among the lines <paramref name="patch"/> adds.</summary>
    public IReadOnlyList<SecurityFinding> Scan(string patch) => Scan(AddedLines.Of(patch));

    /// <summary>The secrets among <paramref name="lines"/>.</summary>
    public IReadOnlyList<SecurityFinding> Scan(IEnumerable<AddedLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var findings = new List<SecurityFinding>();
        foreach (var line in lines)
        {
            if (_allowed.IsMatch(line.Path)) continue;
            var found = false;
            foreach (var (rule, pattern) in Formats)
            {
                foreach (Match m in pattern.Matches(line.Text))
                {
                    if (rule != "private-key" && IsPlaceholder(m.Value)) continue;
                    findings.Add(Finding(rule, line, m.Value));
                    found = true;
                }
            }
            if (found) continue; // one finding per line is enough evidence; the generic rules would repeat it
            if (PasswordAssignment().Match(line.Text) is { Success: true } password && !IsPlaceholder(password.Groups["value"].Value))
            {
                findings.Add(Finding("password-assignment", line, password.Groups["value"].Value));
                continue;
            }
            if (IsLockFile(line.Path)) continue;
            foreach (Match m in Assignment().Matches(line.Text))
            {
                var (name, value) = (m.Groups["name"].Value, m.Groups["value"].Value);
                // Unquoted values (.env files, YAML) count only under a secret-like name: elsewhere they are code.
                if (m.Groups["q"].Length == 0 && !SecretName().IsMatch(name)) continue;
                if (IsHashName(name) || IsPlaceholder(value) || !IsHighEntropy(value)) continue;
                findings.Add(Finding("high-entropy-secret", line, value));
                break;
            }
        }
        return findings;
    }

    /// <summary>
    /// Whether <paramref name="value"/> looks random enough to be a key: hex of at least 32 characters with at least
    /// <see cref="ScanningOptions.HexEntropyThreshold"/> bits per character, or base64 of at least 20 with
    /// <see cref="ScanningOptions.Base64EntropyThreshold"/> and a mix of letters and digits.
    /// </summary>
    public bool IsHighEntropy(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var entropy = ShannonEntropy.Of(value);
        if (Hex().IsMatch(value)) return value.Length >= 32 && entropy >= _options.HexEntropyThreshold;
        return value.Length >= 20 && value.Any(char.IsDigit) && value.Any(char.IsLetter) && entropy >= _options.Base64EntropyThreshold;
    }

    private static bool IsPlaceholder(string value)
    {
        var lower = value.ToLowerInvariant();
        if (PlaceholderWords.Any(lower.Contains)) return true;
        // "aaaaaaaa…", "00000000…": one character repeated is a filler, not a key.
        return value.Distinct().Count() <= 2;
    }

    private static bool IsHashName(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower is "integrity" or "resolved" or "commit" or "etag" or "id" or "guid" || lower.Contains("sha") || lower.Contains("hash")
            || lower.Contains("checksum") || lower.Contains("digest") || lower.Contains("fingerprint");
    }

    private static bool IsLockFile(string path) => LockFiles.Contains(Path.GetFileName(path), StringComparer.OrdinalIgnoreCase);

    private static SecurityFinding Finding(string rule, AddedLine line, string value) =>
        new(SecurityFindingKinds.Secret, rule, SecuritySeverity.Critical, $"{line.Path}:{line.Line}", $"added {Redact(value)}");

    /// <summary>The first four characters and the length, so evidence never repeats the secret.</summary>
    public static string Redact(string value) => value.Length <= 4 ? "…" : $"{value[..4]}… ({value.Length} chars)";

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")] private static partial Regex AwsKey();
    [GeneratedRegex(@"\bgh[pousr]_[A-Za-z0-9]{36,255}\b")] private static partial Regex GitHubToken();
    [GeneratedRegex(@"\bgithub_pat_[A-Za-z0-9_]{60,255}\b")] private static partial Regex GitHubPat();
    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9-]{10,}")] private static partial Regex SlackToken();
    [GeneratedRegex(@"\b[sr]k_live_[A-Za-z0-9]{20,}\b")] private static partial Regex StripeKey();
    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{35}")] private static partial Regex GoogleKey();
    [GeneratedRegex(@"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----")] private static partial Regex PrivateKey();
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")] private static partial Regex Jwt();
    [GeneratedRegex(@"(?i)\b(?:password|passwd|pwd|pass)\b[""']?\s*(?::=|=|:)\s*[""'](?<value>[^""'\s]{6,})[""']")] private static partial Regex PasswordAssignment();
    [GeneratedRegex(@"(?<name>[A-Za-z_][\w.-]*)[""']?\s*(?::=|=|:)\s*(?<q>[""']?)(?<value>[A-Za-z0-9+/_\-]{20,}={0,2})")] private static partial Regex Assignment();
    [GeneratedRegex(@"(?i)key|token|secret|passw|credential|auth|bearer|private")] private static partial Regex SecretName();
    [GeneratedRegex(@"^[0-9a-fA-F]+$")] private static partial Regex Hex();
}
