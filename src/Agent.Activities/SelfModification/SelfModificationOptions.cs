namespace Agent.Activities.SelfModification;

/// <summary>How the agent changes a target repository through git (configuration section <c>SelfModification</c>).</summary>
public sealed class SelfModificationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "SelfModification";

    /// <summary>
    /// The folder under which task worktrees are created (one sub-folder per target repository); relative paths resolve
    /// against the content root. Empty (the default) puts them beside the target, in <c>.agent-worktrees/</c> next to its
    /// folder: there they inherit exactly the build configuration (global.json, Directory.Build.*, NuGet.config,
    /// node_modules…) the target's own checkout inherits. A root elsewhere is checked before each worktree is made.
    /// </summary>
    public string WorktreeRoot { get; set; } = "";

    /// <summary>The prefix of task branches; branches are named <c>{prefix}{gap-slug}-{short-id}</c>.</summary>
    public string BranchPrefix { get; set; } = "agent/";

    /// <summary>The branch changes are merged into; unset = the branch checked out in the target when the worktree is created.</summary>
    public string? TargetBranch { get; set; }

    /// <summary>The author (and committer) name of the agent's commits.</summary>
    public string AuthorName { get; set; } = "Agent";

    /// <summary>The author (and committer) e-mail of the agent's commits.</summary>
    public string AuthorEmail { get; set; } = "agent@localhost";

    /// <summary>How long one git command may take before it is killed.</summary>
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
