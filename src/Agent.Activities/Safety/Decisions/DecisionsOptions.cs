using System.ComponentModel.DataAnnotations;

namespace Agent.Activities.Safety.Decisions;

/// <summary>The decision framework's settings (configuration section <c>Safety:Decisions</c>).</summary>
public sealed class DecisionsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Safety:Decisions";

    /// <summary>
    /// When the agent may act, as comma-separated <c>HH:mm-HH:mm</c> ranges in <see cref="TimeZone"/>; a range may wrap
    /// midnight (<c>22:00-06:00</c>). Default <c>00:00-24:00</c> (always).
    /// </summary>
    [Required]
    public string AllowedHours { get; set; } = "00:00-24:00";

    /// <summary>The IANA or Windows time zone id <see cref="AllowedHours"/> is read in. Default <c>UTC</c>.</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>A cycle that has spent more than this many US dollars gets a <c>spend</c> decision, escalated to a human. Default 2.</summary>
    [Range(0.0, 1_000_000.0)]
    public decimal SpendEscalationUsd { get; set; } = 2m;

    /// <summary>What a change that improves its metric but makes another goal's metric worse gets: <c>Escalate</c> (default) or <c>Deny</c>.</summary>
    public DecisionOutcome GoalRegression { get; set; } = DecisionOutcome.Escalate;

    /// <summary>Goals whose metrics have not moved in this many cycles are flagged as stale. Default 5.</summary>
    [Range(2, 1000)]
    public int StaleGoalCycles { get; set; } = 5;

    /// <summary>
    /// SPDX licence ids an added dependency may not have (case-insensitive). An expression with <c>OR</c> passes when one
    /// alternative is allowed. Unknown licences escalate, they are not denied.
    /// </summary>
    public List<string> DeniedLicences { get; set; } = ["AGPL-1.0", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "SSPL-1.0", "BUSL-1.1", "Commons-Clause"];

    /// <summary>Hosts a change may add network calls to (besides hosts the target already mentions). Default none.</summary>
    public List<string> KnownHosts { get; set; } = [];

    /// <summary>Globs of CI configuration files; a change that removes lines from them or makes a step non-failing weakens a safety check.</summary>
    public List<string> CiPaths { get; set; } = [".github/workflows/**", ".gitlab-ci.yml", "azure-pipelines.yml", ".ci/**", "Jenkinsfile", ".circleci/**"];

    /// <summary>The policy file names whose loosening weakens a safety check.</summary>
    public List<string> PolicyFiles { get; set; } = ["agent.policy.yaml"];

    /// <summary>The global NuGet packages folder licences are read from (the <c>.nuspec</c>); default <c>~/.nuget/packages</c> or <c>NUGET_PACKAGES</c>.</summary>
    public string? NuGetPackagesFolder { get; set; }

    /// <summary>The decision records' SQLite file; unset = the agent database (<c>Persistence:DatabasePath</c>). The host makes it absolute.</summary>
    [Required]
    public string DatabasePath { get; set; } = ".data/agent.db";
}
