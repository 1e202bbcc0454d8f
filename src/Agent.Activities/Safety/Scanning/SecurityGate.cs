using Agent.Activities.SelfModification;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Scanning;

/// <summary>
/// The <c>security</c> gate of Validate: scans a change's added lines for secrets (<see cref="SecretScanner"/>), the
/// projects it touches for vulnerable packages (<see cref="VulnerabilityScanner"/>), and compares the .NET security
/// analyzer warnings of the build before and after it; then applies <see cref="ScanningOptions.FailOn"/> to decide which
/// findings fail the gate and which raise the risk.
/// </summary>
public sealed class SecurityGate(SecretScanner secrets, VulnerabilityScanner vulnerabilities, IOptions<ScanningOptions> options)
{
    private readonly ScanningOptions _options = options.Value;

    /// <summary>Scans the change <paramref name="diff"/> of <paramref name="worktree"/>, measured <paramref name="before"/> and <paramref name="after"/>.</summary>
    public async Task<SecurityScan> ScanAsync(string worktree, WorktreeDiff diff, Measurement before, Measurement after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var scan = new SecurityScan
        {
            Secrets = secrets.Scan(diff.Patch),
            Vulnerabilities = diff.IsEmpty ? [] : await vulnerabilities.ScanAsync(worktree, diff, cancellationToken).ConfigureAwait(false),
            AnalyzerWarnings = AnalyzerWarnings(after),
            AnalyzerWarningsBefore = AnalyzerWarnings(before).Count,
        };
        return Judge(scan);
    }

    /// <summary>Applies <see cref="ScanningOptions.FailOn"/> to the findings of <paramref name="scan"/>.</summary>
    public SecurityScan Judge(SecurityScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var fail = new List<string>();
        var risk = new List<string>();
        void Apply(FindingAction action, string reason)
        {
            if (action == FindingAction.Fail) fail.Add(reason);
            else if (action == FindingAction.RaiseRisk) risk.Add(reason);
        }
        foreach (var secret in scan.Secrets)
            Apply(_options.FailOn.Secrets, $"the change adds a secret ({secret.Rule}) at {secret.Location}: {secret.Evidence}; remove it and read it from configuration or the environment.");
        foreach (var package in scan.VulnerablePackages)
            Apply(package.Severity >= _options.FailOn.VulnerableMinSeverity ? _options.FailOn.Vulnerable : FindingAction.RaiseRisk,
                $"{package.Location} has a known {package.Severity.ToString().ToLowerInvariant()} vulnerability ({package.Rule}); use a fixed version.");
        var added = scan.AnalyzerWarnings.Count - scan.AnalyzerWarningsBefore;
        if (added > 0)
            Apply(_options.FailOn.AnalyzerWarningsAdded, $"{added} more security analyzer warning(s) after the change ({scan.AnalyzerWarningsBefore} → {scan.AnalyzerWarnings.Count}: "
                + $"{string.Join(", ", scan.AnalyzerWarnings.Select(w => w.Rule).Distinct().Take(5))}).");
        return scan with { GateFailures = fail, RiskReasons = risk };
    }

    private List<SecurityFinding> AnalyzerWarnings(Measurement measurement) =>
        [.. measurement.Diagnostics
            .Where(d => d.Severity == "warning" && _options.SecurityAnalyzerPrefixes.Any(p => d.Code.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Select(d => new SecurityFinding(SecurityFindingKinds.AnalyzerWarning, d.Code, SecuritySeverity.Moderate, $"{d.File ?? "?"}:{d.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}", d.Message))
            .DistinctBy(f => (f.Rule, f.Location))];
}
