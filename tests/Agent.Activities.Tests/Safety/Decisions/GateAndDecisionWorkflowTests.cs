using Agent.Activities.Safety.Decisions;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Scanning;
using Agent.Activities.SelfModification;
using Agent.Activities.Tests.Approvals;
using Agent.Activities.Tests.SelfModification;
using Agent.Activities.Validation;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Safety.Decisions;

/// <summary>
/// CreateWorktree → (the test edits, then resumes) → Check Gates with the security gate and the merge decision → merge or
/// discard, on the real engine and real git: a committed real-looking key is rejected by name, a change outside the
/// allowed hours is denied by its decision, and a clean change is merged with an "allow" record of its cycle.
/// </summary>
[TestClass]
public sealed class GateAndDecisionWorkflowTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string Json(string repo) => $$"""
        {
          "definitionId": "security-chain", "version": 1,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "create", "type": "Agent.CreateWorktree",
                "targetRepository": { "typeName": "String", "expression": { "type": "Literal", "value": "{{repo}}" } },
                "taskId": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return getInput('taskId');" } },
                "gap": { "typeName": "String", "expression": { "type": "Literal", "value": "failing test CalcTests" } } },
              { "id": "edited", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "edited" } } },
              { "id": "gates", "type": "Agent.CheckGates",
                "worktree": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return getOutputFrom('create', 'worktree');" } },
                "gap": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return { key: 'fix-failing-test:CalcTests.Adds', taskType: 'fix-failing-test', goalId: 'tests-pass', goalTitle: 'All tests pass', metric: 'tests.failed', target: 'tests.failed <= 0', subject: 'CalcTests.Adds', summary: 'CalcTests.Adds fails' };" } },
                "before": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return getInput('before');" } },
                "after": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return getInput('after');" } } },
              { "id": "merge", "type": "Agent.MergeChange",
                "worktree": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return getOutputFrom('create', 'worktree');" } },
                "title": { "typeName": "String", "expression": { "type": "Literal", "value": "Fix Calc.Add" } },
                "cycleId": { "typeName": "String", "expression": { "type": "Literal", "value": "cycle-7" } },
                "gap": { "typeName": "String", "expression": { "type": "Literal", "value": "failing test CalcTests" } },
                "metrics": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return [];" } } },
              { "id": "discard", "type": "Agent.DiscardChange",
                "worktree": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return getOutputFrom('create', 'worktree');" } } },
              { "id": "merged", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "var r = getOutputFrom('gates', 'result'); return 'merged: decision ' + r.decision.outcome + ', security score ' + r.security.score + (r.risk.needsApproval ? ', approval needed: ' + r.risk.reasons.join(' | ') : '');" } } },
              { "id": "discarded", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return 'discarded: ' + getOutputFrom('gates', 'result').failures.join('; ');" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "create", "port": "In" } },
              { "source": { "activity": "create", "port": "Done" }, "target": { "activity": "edited", "port": "In" } },
              { "source": { "activity": "edited", "port": "Done" }, "target": { "activity": "gates", "port": "In" } },
              { "source": { "activity": "gates", "port": "Passed" }, "target": { "activity": "merge", "port": "In" } },
              { "source": { "activity": "gates", "port": "Rejected" }, "target": { "activity": "discard", "port": "In" } },
              { "source": { "activity": "merge", "port": "Merged" }, "target": { "activity": "merged", "port": "In" } },
              { "source": { "activity": "discard", "port": "Discarded" }, "target": { "activity": "discarded", "port": "In" } }
            ]
          }
        }
        """;

    private static readonly Dictionary<string, object?> Before = new()
    {
        ["testsPassed"] = 1, ["testsFailed"] = 1, ["testsTotal"] = 2, ["failingTests"] = new List<object?> { "CalcTests.Adds" },
    };

    private static readonly Dictionary<string, object?> After = new()
    {
        ["testsPassed"] = 2, ["testsFailed"] = 0, ["testsTotal"] = 2, ["passingTests"] = new List<object?> { "CalcTests.Adds", "CalcTests.Subtracts" },
    };

    private static Task<EngineHost> OpenAsync(TempGitRepository repo, RecordingSink sink, string allowedHours = "00:00-24:00") =>
        EngineHost.OpenAsync(repo.Root, new ManualClock(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero)), services =>
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WorktreeRoot"] = repo.Options.WorktreeRoot,
                ["Safety:Decisions:AllowedHours"] = allowedHours,
            }).Build();
            services.AddSelfModification(config, repo.Root);
            services.AddValidationGates(new ConfigurationBuilder().Build());
            services.AddSecurityScanning(config.GetSection(ScanningOptions.SectionName));
            services.AddSafetyDecisions(config.GetSection(DecisionsOptions.SectionName), Path.Combine(repo.Root, "agent.db"));
            services.AddSingleton<ISafetyEventSink>(sink);
        });

    private async Task<(WorkflowInstance Done, string Path)> RunAsync(EngineHost host, TempGitRepository repo, string taskId, string file, string content, Dictionary<string, object?>? after = null)
    {
        var started = await host.StartAsync(Json(repo.Path_), new Dictionary<string, object?> { ["taskId"] = taskId, ["before"] = Before, ["after"] = after ?? After });
        var path = (string)((Dictionary<string, object?>)started.State.ActivityOutputs["create"]["worktree"]!)["path"]!;
        repo.Write(file, content, path);
        var done = (await host.Runtime.ResumeByNameAsync("edited", null, null, TestContext.CancellationToken)).Single();
        Assert.AreEqual(WorkflowStatus.Finished, done.Status, string.Join("; ", done.State.Incidents.Select(i => i.Message)));
        return (done, path);
    }

    [TestMethod]
    public async Task A_change_committing_a_real_looking_API_key_is_rejected_naming_the_finding_and_main_is_untouched()
    {
        using var repo = new TempGitRepository();
        var main = repo.Git("rev-parse", "main");
        var sink = new RecordingSink();
        await using var host = await OpenAsync(repo, sink);
        var key = Scanning.FakeKeys.Stripe();

        var (done, path) = await RunAsync(host, repo, "task-key", "src/Calc.cs",
            $"public static class Calc {{ const string Key = \"{key}\"; public static int Add(int a, int b) => a + b + 0; }}\n");

        Assert.AreEqual($"discarded: security: the change adds a secret (stripe-live-key) at src/Calc.cs:1: added sk_l… ({key.Length} chars); remove it and read it from configuration or the environment.",
            done.State.OutputLines.Single());
        Assert.IsFalse(done.State.OutputLines.Single().Contains(key, StringComparison.Ordinal), "the key itself is never repeated");
        Assert.AreEqual(main, repo.Git("rev-parse", "main"));
        Assert.IsFalse(Directory.Exists(path));
        // A change the gates reject gets no merge decision, but the security gate's refusal is audited, without the key.
        var denied = sink.Events.Single();
        Assert.AreEqual((SafetyEventKinds.PolicyDenied, "security"), (denied.Kind, denied.Data["gate"]));
        StringAssert.Contains(denied.Summary, "stripe-live-key");
        Assert.IsFalse(denied.Summary.Contains(key, StringComparison.Ordinal) || denied.Data.Values.Any(v => v.Contains(key, StringComparison.Ordinal)), "the key itself is never repeated");
    }

    [TestMethod]
    public async Task A_clean_change_outside_the_allowed_hours_is_denied_by_its_decision_record()
    {
        using var repo = new TempGitRepository();
        var main = repo.Git("rev-parse", "main");
        var sink = new RecordingSink();
        await using var host = await OpenAsync(repo, sink, allowedHours: "08:00-18:00");

        var (done, _) = await RunAsync(host, repo, "task-hours", "src/Calc.cs", "public static class Calc { public static int Add(int a, int b) => a + b + 0; }\n");

        var record = (await host.Get<DecisionStore>().ForCycleAsync(done.Id, CancellationToken.None)).Single();
        Assert.AreEqual(DecisionOutcome.Deny, record.Outcome);
        Assert.AreEqual(DecisionKinds.Merge, record.Kind);
        CollectionAssert.AreEqual(new[] { "allowed-hours fails: it is 03:00 UTC; allowed 08:00-18:00 (Safety:Decisions:AllowedHours)" }, record.Reasons.ToList());
        Assert.AreEqual($"discarded: decision {record.Id[..8]} denies: {record.Reasons[0]}", done.State.OutputLines.Last());
        Assert.AreEqual(main, repo.Git("rev-parse", "main"));
        Assert.AreEqual(done.Id, sink.Events.Single().Data["cycleId"]);
    }

    [TestMethod]
    public async Task A_clean_change_is_allowed_merged_and_its_record_and_security_score_are_stored_under_its_cycle()
    {
        using var repo = new TempGitRepository();
        var sink = new RecordingSink();
        await using var host = await OpenAsync(repo, sink);

        var (done, _) = await RunAsync(host, repo, "task-clean", "src/Calc.cs", "public static class Calc { public static int Add(int a, int b) => a + b + 0; }\n");

        Assert.AreEqual("merged: decision allow, security score 100", done.State.OutputLines.Last());
        var record = (await host.Get<DecisionStore>().ForCycleAsync(done.Id, CancellationToken.None)).Single();
        Assert.AreEqual(DecisionOutcome.Allow, record.Outcome);
        CollectionAssert.AreEquivalent(new[] { PrincipleIds.NoWeakenedChecks, PrincipleIds.NoExfiltration, PrincipleIds.Licences, PrincipleIds.WorktreeOnly, PrincipleIds.AllowedHours, PrincipleIds.WithinGoals, PrincipleIds.SpendWithinThreshold },
            record.Principles.Select(p => p.Principle).ToList());
        Assert.IsTrue(record.Principles.All(p => p.Outcome == PrincipleOutcome.Pass && p.Evidence.Count > 0));
        var score = (await host.Get<DecisionStore>().LatestScoresAsync(repo.Path_, CancellationToken.None)).Single();
        Assert.AreEqual((done.Id, 100, true), (score.CycleId, score.Score, score.Partial));
        CollectionAssert.AreEqual(new[] { SafetyEventKinds.Decision, SafetyEventKinds.ChangeMerged }, sink.Events.Select(e => e.Kind).ToList());
    }

    [TestMethod]
    public async Task A_change_that_fixes_its_test_but_adds_build_warnings_escalates_to_an_approval_with_the_goal_named()
    {
        using var repo = new TempGitRepository();
        var sink = new RecordingSink();
        await using var host = await OpenAsync(repo, sink);
        var after = new Dictionary<string, object?>(After) { ["warnings"] = 2 };

        var (done, _) = await RunAsync(host, repo, "task-warn", "src/Calc.cs", "public static class Calc { public static int Add(int a, int b) => a + b + 0; }\n", after);

        var record = (await host.Get<DecisionStore>().ForCycleAsync(done.Id, CancellationToken.None)).Single();
        Assert.AreEqual(DecisionOutcome.Escalate, record.Outcome);
        var reason = "within-goals fails: gap 'fix-failing-test:CalcTests.Adds' serves goal 'tests-pass' (All tests pass) via tests.failed <= 0; "
            + "goal 'builds-clean' regresses: build.warnings 0 → 2 (target build.warnings ≤ 0)";
        CollectionAssert.AreEqual(new[] { reason }, record.Reasons.ToList());
        Assert.AreEqual($"merged: decision escalate, security score 100, approval needed: decision {record.Id[..8]} escalates: {reason}", done.State.OutputLines.Last());
    }
}
