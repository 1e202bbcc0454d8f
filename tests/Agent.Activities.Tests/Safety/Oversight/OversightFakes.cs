using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Policy;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Agent.Activities.Tests.Safety.Oversight;

/// <summary>
/// A small stand-in for the policy engine (another part of issue 18) with a few of the default policy's built-in rules:
/// no git push, no rm -rf outside the worktree, no network commands, no writes outside the worktree, no reading ~/.ssh,
/// no editing protected paths or tests in a fix. Everything else is allowed.
/// </summary>
internal sealed class TestPolicyEvaluator : IPolicyEvaluator
{
    public List<PolicyAction> Seen { get; } = [];

    public PolicyDecision Evaluate(PolicyAction action, PolicyContext context)
    {
        if (!PolicyActionClasses.All.Contains(action.Class)) throw new ArgumentException($"Unknown action class '{action.Class}'.");
        lock (Seen) Seen.Add(action);
        var worktree = context.WorktreeRoot ?? "/nonexistent";
        switch (action.Class)
        {
            case PolicyActionClasses.Command when action.Command is { } command:
                if (command.Contains("git push", StringComparison.Ordinal)) return Deny("no-git-push", "pushing is for a person after review");
                if (command.Contains("rm -rf", StringComparison.Ordinal) && command.Split(' ').Any(w => w.StartsWith('/') && !Inside(w, worktree)))
                    return Deny("no-rm-outside-worktree", "rm -rf outside the worktree");
                if (command.Split(' ', ';', '|', '&').Any(w => w is "curl" or "wget" or "nc")) return Deny("no-network-commands", "network commands need a host the policy allows");
                break;
            case PolicyActionClasses.FileEdit when action.Path is { } path:
                if (!Inside(path, worktree)) return Deny("no-writes-outside-worktree", "writes stay inside the task's worktree");
                var relative = Path.GetRelativePath(worktree, path);
                if (context.TaskType is "failing-test" && (Matches(context.ProtectedPaths ?? [], relative) || relative.Contains("Tests", StringComparison.Ordinal)))
                    return Deny("no-test-edits-in-fix", "a fix must not change the tests it is judged by");
                break;
            case PolicyActionClasses.FileRead when action.Path is { } path:
                if (context.HomeDirectory is { } home && Inside(path, Path.Combine(home, ".ssh"))) return Deny("no-secret-reads", "~/.ssh holds keys");
                break;
        }
        return new PolicyDecision(PolicyEffect.Allow, "default", "allowed by default", "test", []);
    }

    private static PolicyDecision Deny(string rule, string reason) => new(PolicyEffect.Deny, rule, reason, "test", [rule]);

    private static bool Inside(string path, string root)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(path));
        return relative != ".." && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private static bool Matches(IReadOnlyList<string> globs, string relative)
    {
        var matcher = new Matcher();
        matcher.AddIncludePatterns(globs);
        return matcher.Match(relative).HasMatches;
    }
}

/// <summary>Hands out one evaluator and remembers the targets asked for.</summary>
internal sealed class TestPolicyProvider(IPolicyEvaluator evaluator) : IPolicyProvider
{
    public List<string?> Targets { get; } = [];

    public Task<IPolicyEvaluator> LoadAsync(string? targetRoot, CancellationToken cancellationToken)
    {
        Targets.Add(targetRoot);
        return Task.FromResult(evaluator);
    }
}

/// <summary>Keeps every published event.</summary>
internal sealed class RecordingSafetyEventSink : ISafetyEventSink
{
    private readonly List<SafetyEvent> _events = [];

    public IReadOnlyList<SafetyEvent> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    public Task PublishAsync(SafetyEvent safetyEvent, CancellationToken cancellationToken)
    {
        lock (_events) _events.Add(safetyEvent);
        return Task.CompletedTask;
    }
}
