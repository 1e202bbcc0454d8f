using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Oversight;
using Agent.Activities.Safety.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Cycle.Tests;

/// <summary>
/// A whole improvement cycle whose Claude run is overseen: the scripted model first tries to write outside its
/// worktree and to force-push, is denied with the rule's reason, takes another way, and the cycle merges the real fix.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class OverseenCycleTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Denied_tool_calls_are_published_nothing_escapes_the_worktree_and_the_cycle_merges_the_fix()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-escape-then-fix-node.json", TestContext.CancellationToken);
        var sink = new RecordingSink();
        var policy = new WorktreePolicy();
        f.Cli.WithServices((services, configuration) =>
        {
            // The policy engine is another part of issue 18; this one holds the two built-in rules the script tries.
            services.AddSingleton<IPolicyProvider>(new FixedPolicyProvider(policy));
            services.AddSingleton<ISafetyEventSink>(sink);
            services.AddToolCallOversight(configuration);
        });
        var before = f.Head();

        var (result, summary) = await f.RunCycleAsync();

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.AreEqual(before, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "exactly the fix was merged");
        CollectionAssert.AreEquivalent(new[] { "no-writes-outside-worktree", "no-git-push" },
            sink.Events.Where(e => e.Kind == SafetyEventKinds.PolicyDenied).Select(e => e.Data["rule"]).ToList());
        Assert.IsEmpty(Directory.GetFiles(f.Cli.Folder, "escaped-note.txt", SearchOption.AllDirectories), "the write outside the worktree happened");
        // The run's context came from the cycle: the target and the gap's task type.
        Assert.IsTrue(policy.Contexts.All(c => c.TargetRoot == Path.GetFullPath(f.Target) && c.TaskType == "fix-failing-test"),
            string.Join("; ", policy.Contexts.Select(c => $"{c.TargetRoot} {c.TaskType}")));
        Assert.IsTrue(policy.Contexts.All(c => c.WorktreeRoot is { } w && w != Path.GetFullPath(f.Target)), "the run works in a task worktree, not the target");
    }

    private sealed class WorktreePolicy : IPolicyEvaluator
    {
        private readonly List<PolicyContext> _contexts = [];

        public IReadOnlyList<PolicyContext> Contexts
        {
            get { lock (_contexts) return [.. _contexts]; }
        }

        public PolicyDecision Evaluate(PolicyAction action, PolicyContext context)
        {
            lock (_contexts) _contexts.Add(context);
            if (action is { Class: PolicyActionClasses.Command, Command: { } command } && command.Contains("git push", StringComparison.Ordinal))
                return new PolicyDecision(PolicyEffect.Deny, "no-git-push", "pushing is for a person after review", "test", []);
            if (action is { Class: PolicyActionClasses.FileEdit, Path: { } path } && context.WorktreeRoot is { } root
                && Path.GetRelativePath(root, path) is var relative && (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)))
                return new PolicyDecision(PolicyEffect.Deny, "no-writes-outside-worktree", "writes stay inside the task's worktree", "test", []);
            return new PolicyDecision(PolicyEffect.Allow, "default", "allowed", "test", []);
        }
    }

    private sealed class FixedPolicyProvider(IPolicyEvaluator evaluator) : IPolicyProvider
    {
        public Task<IPolicyEvaluator> LoadAsync(string? targetRoot, CancellationToken cancellationToken) => Task.FromResult(evaluator);
    }

    private sealed class RecordingSink : ISafetyEventSink
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
}
