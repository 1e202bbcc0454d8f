using System.ComponentModel.DataAnnotations;

namespace Agent.Activities.Safety.Audit;

/// <summary>Where the audit log and the webhook outbox live (configuration section <c>Safety:Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Safety:Audit";

    /// <summary>
    /// The SQLite file holding the <c>audit_log</c> and <c>webhook_outbox</c> tables; relative paths resolve against the
    /// content root. Its anchor (the last seq and hash written) sits next to it as <c>&lt;file&gt;.anchor</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Give the audit database file, e.g. .data/audit.db.")]
    public string DatabasePath { get; set; } = ".data/audit.db";

    /// <summary>The anchor file of <paramref name="databasePath"/>.</summary>
    public static string AnchorPathFor(string databasePath) => databasePath + ".anchor";
}
