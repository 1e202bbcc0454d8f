using System.ComponentModel.DataAnnotations;

namespace Agent.Activities.Approvals;

/// <summary>How <c>agent serve</c> repairs approvals (configuration section <c>Approvals</c>).</summary>
public sealed class ApprovalsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Approvals";

    /// <summary>
    /// How often <see cref="DecidedApprovalSweep"/> looks for approvals that were decided but whose instance was never
    /// resumed (the deciding process died in between); a decision is left to its own process for this long first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "must be between 00:00:01 and 1.00:00:00, e.g. 00:00:30")]
    public TimeSpan DecidedSweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
