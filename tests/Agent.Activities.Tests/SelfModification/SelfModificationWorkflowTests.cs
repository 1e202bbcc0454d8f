using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Agent.Activities.SelfModification;
using Agent.Activities.Tests.Approvals;
using Agent.Activities.Validation;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.SelfModification;

/// <summary>CreateWorktree → (the test edits, then resumes) → CheckGates → SelfModify merge or discard, on the real engine and real git.</summary>
[TestClass]
public sealed class SelfModificationWorkflowTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string Json(string repo) => $$"""
        {
          "definitionId": "selfmod-chain", "version": 1,
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
                "gap": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return { key: 'fix-failing-test:CalcTests.Adds', taskType: 'fix-failing-test', goalId: 'tests', goalTitle: 'Tests pass', metric: 'tests.failed', target: 'tests.failed <= 0', subject: 'CalcTests.Adds', summary: 'CalcTests.Adds fails' };" } },
                "before": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return getInput('before');" } },
                "after": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return getInput('after');" } } },
              { "id": "merge", "type": "Agent.MergeChange",
                "worktree": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return getOutputFrom('create', 'worktree');" } },
                "title": { "typeName": "String", "expression": { "type": "Literal", "value": "Fix Calc.Add" } },
                "cycleId": { "typeName": "String", "expression": { "type": "Literal", "value": "cycle-7" } },
                "gap": { "typeName": "String", "expression": { "type": "Literal", "value": "failing test CalcTests" } },
                "metrics": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return [{ name: 'tests.failed', before: 1, after: 0 }];" } } },
              { "id": "discard", "type": "Agent.DiscardChange",
                "worktree": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return getOutputFrom('create', 'worktree');" } } },
              { "id": "merged", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return 'merged ' + getOutputFrom('merge', 'result').commit + ' score ' + getOutputFrom('gates', 'result').improvementScore;" } } },
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

    private static Task<EngineHost> OpenAsync(TempGitRepository repo) => EngineHost.OpenAsync(repo.Root, configure: services =>
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WorktreeRoot"] = repo.Options.WorktreeRoot }).Build();
        services.AddSelfModification(config, repo.Root);
        services.AddValidationGates(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSafetyAudit(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Safety:Audit:DatabasePath"] = "audit.db" }).Build(), repo.Root);
    });

    [TestMethod]
    public async Task A_passing_change_is_merged_as_one_commit_and_its_worktree_removed()
    {
        using var repo = new TempGitRepository();
        await using var host = await OpenAsync(repo);
        var started = await host.StartAsync(Json(repo.Path_), new Dictionary<string, object?> { ["taskId"] = "task-wf-1", ["before"] = Before, ["after"] = After });
        var worktree = (Dictionary<string, object?>)started.State.ActivityOutputs["create"]["worktree"]!;
        var path = (string)worktree["path"]!;
        repo.Write("src/Calc.cs", "public static class Calc { public static int Add(int a, int b) => a + b + 0; }\n", path);

        var done = (await host.Runtime.ResumeByNameAsync("edited", null, null, TestContext.CancellationToken)).Single();

        Assert.AreEqual(WorkflowStatus.Finished, done.Status, string.Join("; ", done.State.Incidents.Select(i => i.Message)));
        var head = repo.Git("rev-parse", "main");
        Assert.AreEqual($"merged {head} score 11", done.State.OutputLines.Single());
        StringAssert.Contains(repo.Git("log", "-1", "--format=%B"), "Agent-Task: task-wf-1");
        StringAssert.Contains(repo.Git("log", "-1", "--format=%B"), "tests.failed: 1 -> 0");
        Assert.IsFalse(Directory.Exists(path));
        Assert.AreEqual("", repo.Git("branch", "--list", "agent/*"));
        var merged = (await host.Get<AuditLog>().ListAsync(null, 10, TestContext.CancellationToken)).Single();
        Assert.AreEqual((SafetyEventKinds.ChangeMerged, "agent"), (merged.Kind, merged.Actor));
        StringAssert.Contains(merged.Data, $"\"commit\":\"{head}\"");
        StringAssert.Contains(merged.Summary, $"Merged 'Fix Calc.Add' into {repo.Path_} as {head}.");
    }

    [TestMethod]
    public async Task A_change_that_deletes_a_test_is_rejected_and_discarded_and_main_is_untouched()
    {
        using var repo = new TempGitRepository();
        var main = repo.Git("rev-parse", "main");
        await using var host = await OpenAsync(repo);
        var started = await host.StartAsync(Json(repo.Path_), new Dictionary<string, object?> { ["taskId"] = "task-wf-2", ["before"] = Before, ["after"] = After });
        var path = (string)((Dictionary<string, object?>)started.State.ActivityOutputs["create"]["worktree"]!)["path"]!;
        File.Delete(Path.Combine(path, "tests/CalcTests.cs"));

        var done = (await host.Runtime.ResumeByNameAsync("edited", null, null, TestContext.CancellationToken)).Single();

        Assert.AreEqual(WorkflowStatus.Finished, done.Status, string.Join("; ", done.State.Incidents.Select(i => i.Message)));
        Assert.AreEqual("discarded: no-test-removed: test file 'tests/CalcTests.cs' was deleted.", done.State.OutputLines.Single());
        Assert.AreEqual(main, repo.Git("rev-parse", "main"));
        Assert.IsFalse(Directory.Exists(path));
        Assert.AreEqual("", repo.Git("branch", "--list", "agent/*"));
        Assert.IsEmpty(await host.Get<AuditLog>().ListAsync(null, 10, TestContext.CancellationToken), "a discarded change is no safety event");
    }
}
