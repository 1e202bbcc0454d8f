namespace Agent.Activities.Claude;

/// <summary>The permission modes the CLI (2.1.197) accepts for <c>--permission-mode</c>.</summary>
public static class ClaudePermissionModes
{
    /// <summary>File edits are accepted without asking.</summary>
    public const string AcceptEdits = "acceptEdits";

    /// <summary>Every permission check is skipped; as root the CLI needs <c>IS_SANDBOX=1</c>.</summary>
    public const string BypassPermissions = "bypassPermissions";

    /// <summary>All modes, exactly as the CLI spells them.</summary>
    public static IReadOnlySet<string> All { get; } =
        new HashSet<string>(StringComparer.Ordinal) { AcceptEdits, "auto", BypassPermissions, "default", "dontAsk", "plan" };
}
