namespace Agent.Activities.Claude;

/// <summary>Where to find the Claude Code CLI (configuration section <c>Claude</c>).</summary>
public sealed class ClaudeCliOptions
{
    /// <summary>An explicit path to the <c>claude</c> executable; when set it must exist.</summary>
    public string? ExecutablePath { get; init; }

    /// <summary>The repository root holding <c>tools/claude-code</c>; absent = <c>AGENT_ROOT</c>, else the folder with <c>Agent.sln</c> above the app.</summary>
    public string? RepositoryRoot { get; init; }
}
