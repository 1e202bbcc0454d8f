namespace Agent.Activities.Claude;

/// <summary>How to find and run the Claude Code CLI (configuration section <c>Claude</c>).</summary>
public sealed class ClaudeCliOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Claude";

    /// <summary>An explicit path to the <c>claude</c> executable; when set it must exist.</summary>
    public string? ExecutablePath { get; set; }

    /// <summary>The repository root holding <c>tools/claude-code</c>; absent = <c>AGENT_ROOT</c>, else the folder with <c>Agent.sln</c> above the app.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Overrides <c>ANTHROPIC_BASE_URL</c> for the child (e.g. the scripted model server); absent = inherited.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The API key given to the child as <c>ANTHROPIC_API_KEY</c>; absent = the parent's variable is passed through.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How many CLI processes may run at once across the whole app.</summary>
    public int MaxConcurrentRuns { get; set; } = 4;

    /// <summary>Attempts per run for transient API failures (1 = no retry).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first retry delay; later ones grow exponentially with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The wall-clock limit of a run whose request sets none.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a stopped run (cancel, timeout, budget, emergency stop) gets after SIGTERM to write its session before its
    /// tree is killed with SIGKILL. Zero kills at once. Keep it well under a second: a stop must be quick.
    /// </summary>
    public TimeSpan KillGracePeriod { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The SQLite file that records every run; absent = runs are not persisted.</summary>
    public string? RunLogPath { get; set; }
}
