using Agent.Activities.Assessment;
using Agent.Activities.Safety.Scanning;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Scanning;

[TestClass]
public sealed class SecurityGateTests
{
    private static SecurityGate Gate(ScanningOptions options) => new(new SecretScanner(Options.Create(options)), null!, Options.Create(options));

    private static SecurityFinding Vulnerable(SecuritySeverity severity, string package = "Foo 1.0.0") =>
        new(SecurityFindingKinds.VulnerablePackage, "https://github.com/advisories/GHSA-0000-0000-0000", severity, package, "test");

    private static SecurityFinding Secret() => new(SecurityFindingKinds.Secret, "aws-access-key-id", SecuritySeverity.Critical, "src/a.cs:3", "added AKIA… (20 chars)");

    [TestMethod]
    public void By_default_secrets_and_high_vulnerabilities_fail_while_moderate_ones_and_new_analyzer_warnings_raise_the_risk()
    {
        var scan = Gate(new ScanningOptions()).Judge(new SecurityScan
        {
            Secrets = [Secret()],
            Vulnerabilities = [new VulnerabilityReport("nuget", [Vulnerable(SecuritySeverity.High), Vulnerable(SecuritySeverity.Moderate, "Bar 2.0.0")], null)],
            AnalyzerWarnings = [new(SecurityFindingKinds.AnalyzerWarning, "CA5350", SecuritySeverity.Moderate, "src/a.cs:9", "weak crypto")],
            AnalyzerWarningsBefore = 0,
        });

        Assert.AreEqual(2, scan.GateFailures.Count, string.Join("\n", scan.GateFailures));
        StringAssert.StartsWith(scan.GateFailures[0], "the change adds a secret (aws-access-key-id) at src/a.cs:3");
        StringAssert.StartsWith(scan.GateFailures[1], "Foo 1.0.0 has a known high vulnerability");
        Assert.AreEqual(2, scan.RiskReasons.Count);
        StringAssert.StartsWith(scan.RiskReasons[0], "Bar 2.0.0 has a known moderate vulnerability");
        Assert.AreEqual("1 more security analyzer warning(s) after the change (0 → 1: CA5350).", scan.RiskReasons[1]);
    }

    [TestMethod]
    public void FailOn_moves_each_kind_between_fail_risk_and_report()
    {
        var options = new ScanningOptions { FailOn = new ScanningFailOn { Secrets = FindingAction.RaiseRisk, Vulnerable = FindingAction.Report, AnalyzerWarningsAdded = FindingAction.Fail } };
        var scan = Gate(options).Judge(new SecurityScan
        {
            Secrets = [Secret()],
            Vulnerabilities = [new VulnerabilityReport("npm", [Vulnerable(SecuritySeverity.Critical)], null)],
            AnalyzerWarnings = [new(SecurityFindingKinds.AnalyzerWarning, "CA3001", SecuritySeverity.Moderate, "a.cs:1", "sql")],
        });

        Assert.AreEqual(1, scan.GateFailures.Count);
        StringAssert.StartsWith(scan.GateFailures[0], "1 more security analyzer warning(s)");
        Assert.AreEqual(1, scan.RiskReasons.Count);
        StringAssert.StartsWith(scan.RiskReasons[0], "the change adds a secret");
    }

    [TestMethod]
    public async Task Only_security_rules_are_counted_from_the_build_diagnostics()
    {
        var before = new Measurement { Diagnostics = [new BuildDiagnostic("warning", "CA5350", "weak", "a.cs", 1), new BuildDiagnostic("warning", "CA2007", "ConfigureAwait", "a.cs", 2)] };
        var after = before with { Diagnostics = [.. before.Diagnostics, new BuildDiagnostic("warning", "CA2100", "sql", "b.cs", 4), new BuildDiagnostic("error", "CA5351", "broken", "b.cs", 5)] };
        var options = new ScanningOptions { Vulnerabilities = VulnerabilityScanMode.Never };
        var gate = new SecurityGate(new SecretScanner(Options.Create(options)), new VulnerabilityScanner(new CommandRunner(), null!, Options.Create(options)), Options.Create(options));

        var scan = await gate.ScanAsync("/nonexistent", new Agent.Activities.SelfModification.WorktreeDiff([], ""), before, after, CancellationToken.None);

        Assert.AreEqual(1, scan.AnalyzerWarningsBefore);
        CollectionAssert.AreEqual(new[] { "CA5350", "CA2100" }, scan.AnalyzerWarnings.Select(w => w.Rule).ToList());
        Assert.AreEqual(0, scan.Vulnerabilities.Count);
    }

    [TestMethod]
    public void The_security_score_subtracts_weighted_findings_and_notes_unknown_vulnerability_data()
    {
        var clean = SecurityScore.Compute(new SecurityScan { Vulnerabilities = [new VulnerabilityReport("nuget", [], null)] });
        Assert.AreEqual(100, clean.Score);
        Assert.IsFalse(clean.Partial);

        var unknown = SecurityScore.Compute(new SecurityScan { Vulnerabilities = [VulnerabilityReport.Unknown("npm", "offline")] });
        Assert.AreEqual(100, unknown.Score);
        Assert.IsTrue(unknown.Partial);
        CollectionAssert.AreEqual(new[] { "npm: unknown (no vulnerability data: offline)" }, unknown.Notes.ToList());
        Assert.IsTrue(SecurityScore.Compute(new SecurityScan()).Partial, "not scanned is not clean");

        var warnings = Enumerable.Range(0, 15).Select(i => new SecurityFinding(SecurityFindingKinds.AnalyzerWarning, "CA5350", SecuritySeverity.Moderate, $"a.cs:{i}", "weak")).ToList();
        var scored = SecurityScore.Compute(new SecurityScan
        {
            Secrets = [Secret()],
            Vulnerabilities = [new VulnerabilityReport("nuget", [Vulnerable(SecuritySeverity.Critical), Vulnerable(SecuritySeverity.Moderate, "Bar 1")], null)],
            AnalyzerWarnings = warnings,
        });
        // 100 - 40 (secret) - 25 (critical) - 5 (moderate) - min(20, 15 × 2) (analyzers) = 10
        Assert.AreEqual(10, scored.Score);
        Assert.AreEqual(4, scored.Deductions.Count);
        Assert.AreEqual(0, SecurityScore.Compute(new SecurityScan { Secrets = [Secret(), Secret(), Secret()] }).Score);
    }
}
