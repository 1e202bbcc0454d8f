using Agent.Activities.Safety.Policy;

namespace Agent.Activities.Tests.Safety.Policy;

/// <summary>Policies built from the real built-in file and YAML texts, and contexts with a worktree, a target and a home that need not exist (evaluation reads no files).</summary>
internal static class PolicyFixture
{
    public const string Home = "/home/agent";
    public const string Target = "/srv/targets/calc";
    public const string Worktree = "/srv/targets/calc.worktrees/task-1";

    private static readonly PolicyFileParser Parser = new();

    /// <summary>The built-in policy with <paramref name="layers"/> (operator's text first, then the target's) on top.</summary>
    public static CompiledPolicy BuiltInWith(params (PolicyLayer Layer, string Yaml)[] layers) =>
        PolicyMerger.Merge([new BuiltInPolicy(Parser).Document, .. layers.Select((l, i) => Parser.Parse(l.Yaml, $"/layer{i}/agent.policy.yaml", l.Layer))], Home);

    /// <summary>Only the rules in <paramref name="yaml"/> (the operator's layer).</summary>
    public static CompiledPolicy Only(string yaml) => PolicyMerger.Merge([Parser.Parse(yaml, "/agent/agent.policy.yaml", PolicyLayer.Agent)], Home);

    public static PolicyContext Context(string? taskType = null, IReadOnlyList<string>? protectedPaths = null, DateTimeOffset? now = null, double? budget = null) =>
        new(now ?? new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero), Worktree, Target, Home, taskType, protectedPaths, budget);

    public static PolicyDecision Command(this IPolicyEvaluator policy, string command, PolicyContext? context = null) =>
        policy.Evaluate(new PolicyAction(PolicyActionClasses.Command, Tool: "Bash", Command: command), context ?? Context());

    public static PolicyDecision Edit(this IPolicyEvaluator policy, string path, PolicyContext? context = null) =>
        policy.Evaluate(new PolicyAction(PolicyActionClasses.FileEdit, Tool: "Write", Path: path), context ?? Context());

    public static PolicyDecision Read(this IPolicyEvaluator policy, string path, PolicyContext? context = null) =>
        policy.Evaluate(new PolicyAction(PolicyActionClasses.FileRead, Tool: "Read", Path: path), context ?? Context());
}
