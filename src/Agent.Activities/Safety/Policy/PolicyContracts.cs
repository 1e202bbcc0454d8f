namespace Agent.Activities.Safety.Policy;

/// <summary>The action classes a policy rule can match; anything else is an error in the policy or the caller.</summary>
public static class PolicyActionClasses
{
    /// <summary>Writing, editing or deleting a file (Claude's Write, Edit, MultiEdit, NotebookEdit).</summary>
    public const string FileEdit = "file.edit";
    /// <summary>Reading a file (Claude's Read, Grep, Glob on a path).</summary>
    public const string FileRead = "file.read";
    /// <summary>Running a shell command (Claude's Bash).</summary>
    public const string Command = "command";
    /// <summary>Reaching a host over the network (WebFetch, WebSearch, a network command).</summary>
    public const string Network = "network";
    /// <summary>Calling a tool of an MCP server (<c>mcp__server__tool</c>).</summary>
    public const string McpTool = "mcp.tool";
    /// <summary>Adding a package dependency to a target.</summary>
    public const string DependencyAdd = "dependency.add";
    /// <summary>Integrating an MCP server into a target.</summary>
    public const string ToolIntegrate = "tool.integrate";
    /// <summary>Changing the agent's own repository.</summary>
    public const string SelfModify = "self.modify";
    /// <summary>Merging a task's change into a target.</summary>
    public const string Merge = "merge";
    /// <summary>Pushing to a remote.</summary>
    public const string GitPush = "git.push";

    /// <summary>Every class, for validating policies and actions.</summary>
    public static readonly IReadOnlyList<string> All = [FileEdit, FileRead, Command, Network, McpTool, DependencyAdd, ToolIntegrate, SelfModify, Merge, GitPush];
}

/// <summary>What a rule decides.</summary>
public enum PolicyEffect
{
    /// <summary>Go ahead.</summary>
    Allow,
    /// <summary>Refused; the reason goes back to whoever asked (for a Claude tool call, to the model).</summary>
    Deny,
    /// <summary>Only after a person approves (a HumanApproval bookmark).</summary>
    RequireApproval,
    /// <summary>Only after several approvers (or agents) agree.</summary>
    RequireConsensus,
}

/// <summary>
/// One action to decide on. Only the fields that apply to <see cref="Class"/> are set: a file path for file actions,
/// the command line for <c>command</c>, <c>Bash</c>-style tool name and input for Claude tool calls, a host for network.
/// </summary>
/// <param name="Class">One of <see cref="PolicyActionClasses"/>.</param>
/// <param name="Tool">The Claude Code tool name (<c>Bash</c>, <c>Write</c>, <c>mcp__memory__create_entities</c>) when the action is a tool call.</param>
/// <param name="Path">The absolute file path the action touches.</param>
/// <param name="Command">The shell command line.</param>
/// <param name="Host">The network host (for WebFetch, or a host a network command names).</param>
/// <param name="Package">The package being added or integrated (<c>npm:@scope/name@1.2.3</c>).</param>
/// <param name="Risk">A risk score 0–1 from the cycle's risk assessment, when known.</param>
public sealed record PolicyAction(string Class, string? Tool = null, string? Path = null, string? Command = null, string? Host = null, string? Package = null, double? Risk = null);

/// <summary>Where and when an action happens: what the policy's relative conditions (outside the worktree, allowed hours, budget state) are measured against.</summary>
/// <param name="Now">The time of the decision (rules with time windows read it in <see cref="TimeZone"/>).</param>
/// <param name="WorktreeRoot">The task's worktree (the only place a run may write), when there is one.</param>
/// <param name="TargetRoot">The target repository.</param>
/// <param name="HomeDirectory">The home directory <c>~</c> means in path globs.</param>
/// <param name="TaskType">The gap type being worked on (<c>failing-test</c>, <c>build-error</c>…), when known.</param>
/// <param name="ProtectedPaths">Globs (relative to the target) no change may touch.</param>
/// <param name="BudgetUsedFraction">How much of the tightest budget is spent (0–1), when known.</param>
/// <param name="TimeZone">The zone the policy's time windows are written in.</param>
public sealed record PolicyContext(DateTimeOffset Now, string? WorktreeRoot = null, string? TargetRoot = null, string? HomeDirectory = null, string? TaskType = null,
    IReadOnlyList<string>? ProtectedPaths = null, double? BudgetUsedFraction = null, TimeZoneInfo? TimeZone = null);

/// <summary>The outcome of one evaluation: the effect, the rule that decided, and why.</summary>
/// <param name="Effect">What to do.</param>
/// <param name="RuleId">The id of the deciding rule (<c>default</c> when no rule matched and the policy's default applied).</param>
/// <param name="Reason">The rule's reason, for a person (and, for a denied tool call, for the model).</param>
/// <param name="Source">Where the deciding rule was written (<c>built-in</c>, or a file path and line).</param>
/// <param name="Matched">Every rule that matched, most specific first, with why each matched — what <c>agent policy explain</c> prints.</param>
public sealed record PolicyDecision(PolicyEffect Effect, string RuleId, string Reason, string Source, IReadOnlyList<string> Matched)
{
    /// <summary>Whether the action may go ahead without anyone's approval.</summary>
    public bool Allowed => Effect == PolicyEffect.Allow;
}

/// <summary>A loaded, validated policy that decides actions. Evaluation is pure and fast (no I/O): the hook calls it per tool call.</summary>
public interface IPolicyEvaluator
{
    /// <summary>Decides <paramref name="action"/> in <paramref name="context"/>. Throws <see cref="ArgumentException"/> for an unknown action class.</summary>
    PolicyDecision Evaluate(PolicyAction action, PolicyContext context);
}

/// <summary>Loads the effective policy: the built-in defaults, the agent's <c>agent.policy.yaml</c>, and the target's override.</summary>
public interface IPolicyProvider
{
    /// <summary>The policy for <paramref name="targetRoot"/> (or the agent's alone when null). Throws <see cref="PolicyFileException"/> when a file is malformed.</summary>
    Task<IPolicyEvaluator> LoadAsync(string? targetRoot, CancellationToken cancellationToken);
}

/// <summary>A policy file that cannot be used: the message names the file, the line and what to fix. The agent starts no cycle while it stands.</summary>
public sealed class PolicyFileException(string message, string? file = null, int? line = null) : Exception(message)
{
    /// <summary>The file that is wrong.</summary>
    public string? File { get; } = file;
    /// <summary>The 1-based line of the problem, when known.</summary>
    public int? Line { get; } = line;
}
