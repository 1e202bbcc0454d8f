using Agent.Activities.Coordination.Consensus;
using Agent.Activities.SelfModification;
using Agent.Activities.Tests.Coordination.Distribution;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Coordination.Consensus;

/// <summary>
/// The review's tail on the real engine and SQLite (AwaitTasks → CollectVerdicts → SelectCandidate), killed after the
/// decision was stored but before the workflow's state was saved: start-up recovery re-runs the interrupted instance,
/// and the re-run writes no verdict and no decision twice and routes the same way.
/// </summary>
[TestClass]
public sealed class ConsensusCrashTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-consensus-crash-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private static string Js(string script, string type = "String") => $$"""{ "typeName": "{{type}}", "expression": { "type": "JavaScript", "value": "{{script}}" } }""";

    private static string Tail(string roundId) => $$"""
        {
          "id": "tail-v1", "definitionId": "tail", "version": 1, "isPublished": true, "isLatest": true,
          "root": { "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "wait", "type": "Agent.AwaitTasks", "taskIds": {{Js("return ['review-1', 'review-2'];", "List<String>")}},
                "timeout": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "01:00:00" } } },
              { "id": "collect", "type": "Agent.CollectVerdicts", "roundId": {{Js($"return '{roundId}';")}}, "taskIds": {{Js("return ['review-1', 'review-2'];", "List<String>")}} },
              { "id": "select", "type": "Agent.SelectCandidate", "roundId": {{Js($"return '{roundId}';")}} },
              { "id": "merge", "type": "Elsa.WriteLine", "text": {{Js("return 'merge ' + getOutputFrom('select', 'candidateId') + ' at ' + getOutputFrom('select', 'worktree').path;")}} },
              { "id": "human", "type": "Elsa.WriteLine", "text": {{Js("return 'human';")}} }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "collect", "port": "In" } },
              { "source": { "activity": "collect", "port": "Done" }, "target": { "activity": "select", "port": "In" } },
              { "source": { "activity": "select", "port": "Selected" }, "target": { "activity": "merge", "port": "In" } },
              { "source": { "activity": "select", "port": "NeedsHuman" }, "target": { "activity": "human", "port": "In" } }
            ] }
        }
        """;

    [TestMethod]
    public async Task A_crash_after_the_decision_was_stored_re_runs_to_the_same_decision_writing_nothing_twice()
    {
        string instanceId;
        string roundId;
        await using (var dying = await DistributionHost.OpenAsync(_folder, wrapStore: inner => new DyingStore(inner, "Agent.SelectCandidate")))
        {
            var store = dying.Get<ConsensusStore>();
            roundId = ConsensusStore.RoundId("cycle-1", "gap-1");
            TaskWorktree Tree(int i) => new() { TaskId = ConsensusStore.WorktreeTaskId(roundId, i), TargetRepository = "/repo", Path = $"/wt/{i}", Branch = $"b{i}", TargetBranch = "main", BaseCommit = "abc" };
            await store.OpenAsync(new RoundDraft("cycle-1", "gap-1", "/repo", 2, 2, [Tree(1), Tree(2)]), Token);
            await store.RecordGatesAsync(ConsensusStore.CandidateId(roundId, 1), new CandidateGates("impl-1", true, [], 2, 5, "a | 5"), Token);
            await store.RecordGatesAsync(ConsensusStore.CandidateId(roundId, 2), new CandidateGates("impl-2", true, [], 1, 5, "a | 5"), Token);
            await dying.RegisterAsync(("rev-1", "reviewer"), ("rev-2", "reviewer"));
            var answer = $$"""{"verdicts":[{"candidate":"{{roundId}}-c1","verdict":"approve","score":0.9,"reasons":["good"]},{"candidate":"{{roundId}}-c2","verdict":"reject","score":0.2,"reasons":["worse"]}]}""";
            foreach (var task in new[] { "review-1", "review-2" }) await dying.EnqueueAsync(task, "reviewer", kind: "review");
            instanceId = (await dying.StartAsync(Tail(roundId))).Id;
            Assert.AreEqual(WorkflowStatus.Suspended, (await dying.InstanceAsync(instanceId)).Status, "waiting for the reviews");

            foreach (var reviewer in new[] { "rev-1", "rev-2" })
            {
                var leased = await dying.Queue.LeaseAsync(reviewer, Token);
                await dying.Queue.CompleteAsync(leased!.Id, reviewer, System.Text.Json.JsonSerializer.Serialize(new { success = true, text = answer }), Token);
            }
            await dying.Get<Agent.Activities.Coordination.Distribution.TaskWaitDispatcher>().DrainAsync();
            Assert.AreEqual(RoundStatuses.Decided, (await store.FindAsync(roundId, Token))!.Status, "the decision was stored before the process died");
            Assert.AreEqual(WorkflowStatus.Running, (await dying.InstanceAsync(instanceId)).Status, "the resume was claimed, its run never saved");
        }

        await using var restarted = await DistributionHost.OpenAsync(_folder);
        Assert.AreEqual(instanceId, (await restarted.Runtime.RecoverInterruptedAsync(Token)).Single().Id, "start-up recovery re-runs the interrupted instance");
        var done = await restarted.InstanceAsync(instanceId);

        Assert.AreEqual(WorkflowStatus.Finished, done.Status, string.Join("; ", done.State.Incidents.Select(i => i.Message)));
        Assert.AreEqual($"merge {roundId}-c1 at /wt/1", done.State.OutputLines[^1], string.Join("\n", done.State.OutputLines));
        Assert.AreEqual(1, done.State.OutputLines.Count(l => l.StartsWith($"consensus: {roundId}: Selected", StringComparison.Ordinal)), string.Join("\n", done.State.OutputLines));
        Assert.AreEqual(4, restarted.Scalar("SELECT COUNT(*) FROM consensus_verdicts"), "two reviewers × two candidates, once");
        Assert.AreEqual(1, restarted.Scalar("SELECT COUNT(*) FROM consensus_rounds WHERE selection = 'Selected'"));
        Assert.AreEqual(0, await restarted.Get<Agent.Activities.Coordination.Distribution.TaskWaitDispatcher>().DispatchAsync(Token), "no second resume of the wait");
    }
}
