using System.ComponentModel.DataAnnotations;

namespace Agent.Activities.Safety.Scanning;

/// <summary>When the package managers are asked about vulnerable dependencies.</summary>
public enum VulnerabilityScanMode
{
    /// <summary>Only for projects whose manifest (project file, package.json, central package versions) the change touches.</summary>
    WhenDependenciesChange,
    /// <summary>For every change.</summary>
    Always,
    /// <summary>Never (the score then notes the vulnerability data as unknown).</summary>
    Never,
}

/// <summary>What a kind of finding does to a change.</summary>
public enum FindingAction
{
    /// <summary>Fails the <c>security</c> gate: the change is rejected.</summary>
    Fail,
    /// <summary>Raises the risk: a human must approve.</summary>
    RaiseRisk,
    /// <summary>Reported only.</summary>
    Report,
}

/// <summary>What the security gate does with each kind of finding (<c>Safety:Scanning:FailOn</c>).</summary>
public sealed class ScanningFailOn
{
    /// <summary>Secrets added by the change. Default: fail.</summary>
    public FindingAction Secrets { get; set; } = FindingAction.Fail;

    /// <summary>Vulnerable packages at or above <see cref="VulnerableMinSeverity"/>. Default: fail.</summary>
    public FindingAction Vulnerable { get; set; } = FindingAction.Fail;

    /// <summary>The lowest severity <see cref="Vulnerable"/> applies to; lower ones raise the risk. Default: high.</summary>
    public SecuritySeverity VulnerableMinSeverity { get; set; } = SecuritySeverity.High;

    /// <summary>More security analyzer warnings after the change than before. Default: raise the risk.</summary>
    public FindingAction AnalyzerWarningsAdded { get; set; } = FindingAction.RaiseRisk;
}

/// <summary>The security scanning of changes (configuration section <c>Safety:Scanning</c>).</summary>
public sealed class ScanningOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Safety:Scanning";

    /// <summary>What each kind of finding does.</summary>
    public ScanningFailOn FailOn { get; set; } = new();

    /// <summary>When vulnerable dependencies are looked up.</summary>
    public VulnerabilityScanMode Vulnerabilities { get; set; } = VulnerabilityScanMode.WhenDependenciesChange;

    /// <summary>How long one <c>dotnet list package</c> or <c>npm audit</c> may run.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Globs of files whose added lines are not scanned for secrets (e.g. recorded fixtures of fake keys). Default none.</summary>
    public List<string> SecretAllowPaths { get; set; } = [];

    /// <summary>Bits per character above which a long base64 value assigned to a name is a secret.</summary>
    [Range(1.0, 6.0)]
    public double Base64EntropyThreshold { get; set; } = 4.3;

    /// <summary>Bits per character above which a long hex value (32+ characters) under a non-hash name is a secret (hex tops out at 4).</summary>
    [Range(1.0, 4.0)]
    public double HexEntropyThreshold { get; set; } = 3.0;

    /// <summary>
    /// The analyzer rule prefixes counted as security warnings: the security rules CA21xx (SQL, XSLT…), CA23xx
    /// (insecure deserialization), CA3xxx (injection) and CA5xxx (crypto, TLS); the rest of CA2xxx is about reliability.
    /// </summary>
    public List<string> SecurityAnalyzerPrefixes { get; set; } = ["CA21", "CA23", "CA3", "CA5"];
}
