using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Policy;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Agent.Activities.Tests.Safety.Oversight;

/// <summary>
/// A small, fixed policy for the tests where the policy is not the point (the broker's protocol, the setup of a run):
/// it denies a few calls with made-up rule ids, so those tests do not change when the real policy's rules do. The
/// adversarial runs, the standalone hook and the cycle decide by the real <see cref="PolicyProvider"/> instead.
/// </summary>
internal sealed class TestPolicyEvaluator : IPolicyEvaluator
{
    public PolicyDecision Evaluate(PolicyAction action, PolicyContext context)
    {
        if (!PolicyActionClasses.All.Contains(action.Class)) throw new ArgumentException($"Unknown action class '{action.Class}'.");
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

/// <summary>Hands out one evaluator, whatever the target.</summary>
internal sealed class TestPolicyProvider(IPolicyEvaluator evaluator) : IPolicyProvider
{
    public Task<IPolicyEvaluator> LoadAsync(string? targetRoot, CancellationToken cancellationToken) => Task.FromResult(evaluator);
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
