namespace Agent.Activities.Safety.Scanning;

/// <summary>The kinds of <see cref="SecurityFinding"/>.</summary>
public static class SecurityFindingKinds
{
    /// <summary>A credential added by the change.</summary>
    public const string Secret = "secret";
    /// <summary>A package with a known vulnerability.</summary>
    public const string VulnerablePackage = "vulnerable-package";
    /// <summary>A .NET security analyzer warning (CA2xxx, CA3xxx, CA5xxx).</summary>
    public const string AnalyzerWarning = "analyzer-warning";
}

/// <summary>Severities, lowest to highest, as the package managers name them.</summary>
public enum SecuritySeverity
{
    /// <summary>Informational or low.</summary>
    Low,
    /// <summary>Moderate (npm) or medium.</summary>
    Moderate,
    /// <summary>High.</summary>
    High,
    /// <summary>Critical.</summary>
    Critical,
}

/// <summary>One security problem found in a change or its target.</summary>
/// <param name="Kind">One of <see cref="SecurityFindingKinds"/>.</param>
/// <param name="Rule">What matched: the secret pattern (<c>aws-access-key-id</c>), the advisory, the analyzer rule.</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="Location">Where: <c>path:line</c>, a package id and version, or a project.</param>
/// <param name="Evidence">What was seen, with any secret value redacted (first 4 characters, then <c>…</c>).</param>
public sealed record SecurityFinding(string Kind, string Rule, SecuritySeverity Severity, string Location, string Evidence)
{
    /// <summary>One line for a person, e.g. <c>secret aws-access-key-id at src/a.cs:3 (AKIA…)</c>.</summary>
    public override string ToString() => $"{Kind} {Rule} ({Severity.ToString().ToLowerInvariant()}) at {Location}: {Evidence}";

    /// <summary>Reads a severity as npm and NuGet spell it; unknown words read as <see cref="SecuritySeverity.Moderate"/>.</summary>
    public static SecuritySeverity ParseSeverity(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "critical" => SecuritySeverity.Critical,
        "high" => SecuritySeverity.High,
        "low" or "info" => SecuritySeverity.Low,
        _ => SecuritySeverity.Moderate,
    };
}
