using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Oversight;
using Agent.Activities.Safety.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Cycle.Tests;

/// <summary>
/// A whole improvement cycle whose Claude run is overseen by the policy the CLI host wires (the real built-in policy,
/// through <c>AddSafetyPolicy</c> and <c>AddToolCallOversight</c>): the scripted model first tries to write outside its
/// worktree and to force-push, is denied with the built-in rule's reason, takes another way, and the cycle merges the real fix.
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
        RecordingPolicyProvider? recorder = null;
        f.Cli.WithServices((services, _) =>
        {
            // The host's own policy decides; this only watches what it is asked, to check the context the cycle passed.
            services.AddSingleton<IPolicyProvider>(sp => recorder = new RecordingPolicyProvider(sp.GetRequiredService<PolicyProvider>()));
            services.AddSingleton<ISafetyEventSink>(sink);
        });
        var before = f.Head();

        var (result, summary) = await f.RunCycleAsync();

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.AreEqual(before, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "exactly the fix was merged");
        CollectionAssert.AreEquivalent(new[] { "writes-stay-in-worktree", "no-push" },
            sink.Events.Where(e => e.Kind == SafetyEventKinds.PolicyDenied).Select(e => e.Data["rule"]).ToList());
        Assert.IsEmpty(Directory.GetFiles(f.Cli.Folder, "escaped-note.txt", SearchOption.AllDirectories), "the write outside the worktree happened");
        // The run's context came from the cycle: the target and the gap's task type (tool calls only; the cycle's own gate asks too).
        var toolCalls = recorder!.Decisions.Where(d => d.Action.Tool is not null).ToList();
        Assert.IsGreaterThanOrEqualTo(4, toolCalls.Count, "the run's tool calls were decided by the host's policy");
        Assert.IsTrue(toolCalls.All(d => d.Context.TargetRoot == Path.GetFullPath(f.Target) && d.Context.TaskType == "fix-failing-test"),
            string.Join("; ", toolCalls.Select(d => $"{d.Context.TargetRoot} {d.Context.TaskType}")));
        Assert.IsTrue(toolCalls.All(d => d.Context.WorktreeRoot is { } w && w != Path.GetFullPath(f.Target)), "the run works in a task worktree, not the target");
        Assert.IsTrue(toolCalls.Any(d => d.Decision.RuleId == "no-push" && d.Decision.Source.StartsWith(BuiltInPolicy.SourceName, StringComparison.Ordinal)), "the built-in rule denied the push");
    }

    /// <summary>Delegates to the real provider and records every action, context and decision of the policies it loads.</summary>
    private sealed class RecordingPolicyProvider(IPolicyProvider inner) : IPolicyProvider
    {
        private readonly List<(PolicyAction Action, PolicyContext Context, PolicyDecision Decision)> _decisions = [];

        public IReadOnlyList<(PolicyAction Action, PolicyContext Context, PolicyDecision Decision)> Decisions
        {
            get { lock (_decisions) return [.. _decisions]; }
        }

        public async Task<IPolicyEvaluator> LoadAsync(string? targetRoot, CancellationToken cancellationToken) =>
            new Recording(await inner.LoadAsync(targetRoot, cancellationToken), this);

        private sealed class Recording(IPolicyEvaluator inner, RecordingPolicyProvider owner) : IPolicyEvaluator
        {
            public PolicyDecision Evaluate(PolicyAction action, PolicyContext context)
            {
                var decision = inner.Evaluate(action, context);
                lock (owner._decisions) owner._decisions.Add((action, context, decision));
                return decision;
            }
        }
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
