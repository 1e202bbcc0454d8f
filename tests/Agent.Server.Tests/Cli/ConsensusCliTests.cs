using Agent.Activities.Coordination.Consensus;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.SelfModification;

namespace Agent.Server.Tests.Cli;

/// <summary>The consensus definitions import against the real activity registry, and <c>agent consensus list|show</c> read a stored round.</summary>
[TestClass]
public sealed class ConsensusCliTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string Workflow(string name) => Path.Combine(AgentRepository.Root, "workflows", name);

    [TestMethod]
    [TestCategory("Slow")]
    public async Task The_consensus_definitions_import_in_dependency_order_and_use_only_registered_activities()
    {
        using var cli = new CliHarness();
        foreach (var file in new[] { "agent-worker.json", "consensus-review.json", "best-of-n.json", "agent-coordinator.json" })
        {
            var imported = await cli.RunAsync("workflows", "import", Workflow(file));
            Assert.AreEqual(0, imported.ExitCode, $"{file}: {imported}");
        }
        var listed = await cli.RunAsync("workflows", "list");
        foreach (var id in new[] { "consensus-review", "best-of-n", "agent-coordinator" }) StringAssert.Contains(listed.Output, id, listed.ToString());
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Consensus_list_and_show_print_candidates_verdicts_and_reasoning_and_an_unknown_round_is_bad_input()
    {
        using var cli = new CliHarness();
        var store = new ConsensusStore(new CoordinationDatabase(Path.Combine(cli.Folder, ".data", "coordination.db")), TimeProvider.System);
        var roundId = ConsensusStore.RoundId("cycle-7", "failing-test:calc");
        TaskWorktree Tree(int i) => new() { TaskId = ConsensusStore.CandidateId(roundId, i), TargetRepository = "/repo", Path = $"/wt/{i}", Branch = $"agent/c{i}", TargetBranch = "main", BaseCommit = "abc" };
        await store.OpenAsync(new RoundDraft("cycle-7", "failing-test:calc", "/repo", 1, 1, [Tree(1), Tree(2)]), TestContext.CancellationToken);
        await store.RecordGatesAsync(Tree(1).TaskId, new CandidateGates("impl-a", true, [], 1.5, 4, "calc.py | 4 +-"), TestContext.CancellationToken);
        await store.RecordGatesAsync(Tree(2).TaskId, new CandidateGates("impl-b", false, ["no-test-removed: tests/test_calc.py deleted"], 0, 9, ""), TestContext.CancellationToken);
        await store.RecordVerdictsAsync(roundId, [new(Tree(1).TaskId, "rev-1", VerdictKinds.Approve, 0.9, ["fixes the off-by-one"])], TestContext.CancellationToken);
        await store.DecideAsync(roundId, CandidateSelection.Decide(await store.CandidatesAsync(roundId, TestContext.CancellationToken),
            await store.VerdictsAsync(roundId, TestContext.CancellationToken), 1, 1, SelectionCriteria.Default), TestContext.CancellationToken);

        var list = await cli.RunAsync("consensus", "list");
        var show = await cli.RunAsync("consensus", "show", roundId);
        var unknown = await cli.RunAsync("consensus", "show", "round-nope");

        Assert.AreEqual(0, list.ExitCode, list.ToString());
        StringAssert.Contains(list.Output, $"{roundId}");
        StringAssert.Contains(list.Output, "Selected");
        Assert.AreEqual(0, show.ExitCode, show.ToString());
        StringAssert.Contains(show.Output, "by impl-a: passed the gates, improvement 1.5, 4 lines");
        StringAssert.Contains(show.Output, "no-test-removed: tests/test_calc.py deleted");
        StringAssert.Contains(show.Output, "rev-1: approve 0.9 — fixes the off-by-one");
        StringAssert.Contains(show.Output, $"{Tree(1).TaskId}: selected");
        Assert.AreEqual(2, unknown.ExitCode, unknown.ToString());
        StringAssert.Contains(unknown.Error, "agent consensus list");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Zero_implementers_or_MaxAgents_0_are_refused_naming_the_key_and_nothing_is_stored()
    {
        using var noImplementers = new CliHarness().With("Coordination:Consensus:Implementers", "0");
        using var noAgents = new CliHarness().With("Coordination:MaxAgents", "0");

        var refused = await noImplementers.RunAsync("consensus", "list");
        var refusedAgents = await noAgents.RunAsync("consensus", "list");

        Assert.AreEqual(2, refused.ExitCode, refused.ToString());
        StringAssert.Contains(refused.Error, "Coordination:Consensus:Implementers: must be from 1 to 16");
        Assert.AreEqual(2, refusedAgents.ExitCode, refusedAgents.ToString());
        StringAssert.Contains(refusedAgents.Error, "Coordination:MaxAgents");
        var database = Path.Combine(noImplementers.Folder, ".data", "coordination.db");
        if (File.Exists(database))
            Assert.IsEmpty(await new ConsensusStore(new CoordinationDatabase(database), TimeProvider.System).ListAsync(null, 10, TestContext.CancellationToken), "no round was stored");
    }
}
