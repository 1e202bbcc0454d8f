namespace Agent.Activities.Approvals;

/// <summary>The decisions an approval can end with.</summary>
public static class ApprovalDecisions
{
    /// <summary>A human approved the change.</summary>
    public const string Approved = "Approved";

    /// <summary>A human rejected the change, or it expired with <c>onExpiry = Reject</c>.</summary>
    public const string Rejected = "Rejected";

    /// <summary>It expired with <c>onExpiry = Escalate</c>; a new approval, marked escalated, replaced it.</summary>
    public const string Escalated = "Escalated";

    /// <summary>Reads what a person typed (approve, approved, yes, reject, rejected, no…) as a decision, or null.</summary>
    public static string? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "approve" or "approved" or "yes" or "true" => Approved,
        "reject" or "rejected" or "no" or "false" => Rejected,
        _ => null,
    };
}

/// <summary>The audit record of a decided approval: who decided what, when, and why. Written exactly once per approval.</summary>
public sealed record ApprovalRecord(string ApprovalId, string InstanceId, string Decision, string By, string? Comment, DateTimeOffset DecidedAt)
{
    /// <summary>The resume input that carries this decision to the waiting activity.</summary>
    public IReadOnlyDictionary<string, object?> ToResumeInput() => new Dictionary<string, object?>
    {
        ["decision"] = Decision, ["by"] = By, ["comment"] = Comment, ["decidedAt"] = DecidedAt.ToString("O"),
    };
}

/// <summary>An approval that waits for a decision, read from its bookmark.</summary>
public sealed record PendingApproval
{
    /// <summary>The approval's id (its bookmark's id): what <c>agent approve</c> takes.</summary>
    public required string Id { get; init; }
    /// <summary>The waiting instance.</summary>
    public required string InstanceId { get; init; }
    /// <summary>The waiting activity.</summary>
    public required string ActivityId { get; init; }
    /// <summary>What is to be approved, in one line.</summary>
    public string? Title { get; init; }
    /// <summary>The change in a few lines.</summary>
    public string? Summary { get; init; }
    /// <summary>The diff stat of the change.</summary>
    public string? DiffStat { get; init; }
    /// <summary>Why the change needs a human.</summary>
    public IReadOnlyList<string> RiskReasons { get; init; } = [];
    /// <summary>When the approval was requested.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>What happens on expiry: Reject or Escalate.</summary>
    public string OnExpiry { get; init; } = "Reject";
    /// <summary>The approval this one replaced when it expired and was escalated; null for a first request.</summary>
    public string? EscalatedFrom { get; init; }
}

/// <summary>The approval does not exist (or is not an approval).</summary>
public sealed class ApprovalNotFoundException(string id)
    : Exception($"No pending approval has id '{id}'; list them with 'agent approvals' (GET /api/approvals).");

/// <summary>The approval was already decided; the message says by whom and how.</summary>
public sealed class ApprovalAlreadyDecidedException(ApprovalRecord record)
    : Exception($"Approval '{record.ApprovalId}' was already {record.Decision.ToLowerInvariant()} by {record.By} at {record.DecidedAt:u}{(record.Comment is { Length: > 0 } c ? $" (\"{c}\")" : "")}; nothing changed.")
{
    /// <summary>The decision that was made first.</summary>
    public ApprovalRecord Record { get; } = record;
}

/// <summary>A decision request is invalid (unknown decision, no decider); nothing changed.</summary>
public sealed class ApprovalInputException(string message) : Exception(message);
