namespace Agent.Activities.Safety.Scanning;

/// <summary>
/// Everything the security scan of one change found: the secrets it adds, the vulnerability reports of the projects it
/// touches (each known or unknown), and the security analyzer warnings before and after it. What the gate made of them
/// is in <see cref="GateFailures"/> (the change is rejected) and <see cref="RiskReasons"/> (a human must approve).
/// </summary>
public sealed record SecurityScan
{
    /// <summary>Secrets in the added lines.</summary>
    public IReadOnlyList<SecurityFinding> Secrets { get; init; } = [];

    /// <summary>One report per scanned project; empty when no project was scanned.</summary>
    public IReadOnlyList<VulnerabilityReport> Vulnerabilities { get; init; } = [];

    /// <summary>Security analyzer warnings after the change.</summary>
    public IReadOnlyList<SecurityFinding> AnalyzerWarnings { get; init; } = [];

    /// <summary>Security analyzer warnings in the base.</summary>
    public int AnalyzerWarningsBefore { get; init; }

    /// <summary>Reasons the <c>security</c> gate fails; empty when it passes.</summary>
    public IReadOnlyList<string> GateFailures { get; init; } = [];

    /// <summary>Reasons the change needs a human's approval.</summary>
    public IReadOnlyList<string> RiskReasons { get; init; } = [];

    /// <summary>Every vulnerable package found.</summary>
    public IEnumerable<SecurityFinding> VulnerablePackages => Vulnerabilities.SelectMany(v => v.Findings);

    /// <summary>Why vulnerability data is missing, per scanned project that had none.</summary>
    public IEnumerable<string> UnknownVulnerabilityData => Vulnerabilities.Where(v => !v.Known).Select(v => v.ToString());

    /// <summary>The score of the target after the change (<see cref="SecurityScore"/>).</summary>
    public SecurityScoreResult Score => SecurityScore.Compute(this);

    /// <summary>One line: <c>secrets 1, vulnerable 0 (nuget unknown), analyzer warnings 2 → 3, score 45</c>.</summary>
    public string Describe()
    {
        var vulnerable = Vulnerabilities.Count == 0 ? "not scanned" : $"{VulnerablePackages.Count()}{(UnknownVulnerabilityData.Any() ? $" ({UnknownVulnerabilityData.Count()} unknown)" : "")}";
        return $"secrets {Secrets.Count}, vulnerable packages {vulnerable}, security analyzer warnings {AnalyzerWarningsBefore} → {AnalyzerWarnings.Count}, security score {Score.Score}";
    }
}
