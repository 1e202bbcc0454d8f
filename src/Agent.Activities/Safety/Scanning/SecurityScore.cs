namespace Agent.Activities.Safety.Scanning;

/// <summary>A target's Security Score and how it was reached.</summary>
/// <param name="Score">0–100; 100 means no open finding.</param>
/// <param name="Deductions">Each deduction, e.g. <c>-40 secret aws-access-key-id at src/a.cs:3</c>.</param>
/// <param name="Notes">What the score could not see, e.g. vulnerability data that is unknown (never scored as clean).</param>
public sealed record SecurityScoreResult(int Score, IReadOnlyList<string> Deductions, IReadOnlyList<string> Notes)
{
    /// <summary>True when some input was unknown, so the score is an upper bound.</summary>
    public bool Partial => Notes.Count > 0;
}

/// <summary>
/// The Security Score: start at 100 and subtract per open finding — a secret 40; a vulnerable package by severity
/// (critical 25, high 15, moderate 5, low 2); a security analyzer warning 2 (at most 20 in all) — never below 0.
/// Vulnerability data that is unknown (offline, no audit service) or not scanned is noted, not counted as clean: the
/// score is then marked partial (an upper bound).
/// </summary>
public static class SecurityScore
{
    /// <summary>Points per secret.</summary>
    public const int SecretWeight = 40;
    /// <summary>Points per security analyzer warning.</summary>
    public const int AnalyzerWeight = 2;
    /// <summary>The most analyzer warnings can take off in all.</summary>
    public const int AnalyzerCap = 20;

    /// <summary>Points per vulnerable package of <paramref name="severity"/>.</summary>
    public static int VulnerabilityWeight(SecuritySeverity severity) => severity switch
    {
        SecuritySeverity.Critical => 25,
        SecuritySeverity.High => 15,
        SecuritySeverity.Moderate => 5,
        _ => 2,
    };

    /// <summary>The score of what <paramref name="scan"/> found.</summary>
    public static SecurityScoreResult Compute(SecurityScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var deductions = new List<string>();
        var total = 0;
        foreach (var secret in scan.Secrets) { total += SecretWeight; deductions.Add($"-{SecretWeight} {secret.Kind} {secret.Rule} at {secret.Location}"); }
        foreach (var package in scan.VulnerablePackages)
        {
            var weight = VulnerabilityWeight(package.Severity);
            total += weight;
            deductions.Add($"-{weight} {package.Severity.ToString().ToLowerInvariant()} vulnerability in {package.Location}");
        }
        if (scan.AnalyzerWarnings.Count > 0)
        {
            var weight = Math.Min(AnalyzerCap, AnalyzerWeight * scan.AnalyzerWarnings.Count);
            total += weight;
            deductions.Add($"-{weight} {scan.AnalyzerWarnings.Count} security analyzer warning(s) ({string.Join(", ", scan.AnalyzerWarnings.Select(w => w.Rule).Distinct().Take(5))})");
        }
        var notes = scan.Vulnerabilities.Count == 0
            ? ["vulnerable dependencies not scanned (no dependency manifest changed, or Safety:Scanning:Vulnerabilities is Never)"]
            : scan.UnknownVulnerabilityData.ToList();
        return new SecurityScoreResult(Math.Max(0, 100 - total), deductions, notes);
    }
}
