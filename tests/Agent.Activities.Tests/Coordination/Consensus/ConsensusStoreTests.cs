using Agent.Testing.Postgres;
using Agent.Activities.Coordination.Consensus;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.SelfModification;

namespace Agent.Activities.Tests.Coordination.Consensus;

/// <summary>The consensus tables on a real SQLite file: every write idempotent, bad input stores nothing.</summary>
public abstract class ConsensusStoreTests : CoordinationProviderTests
{
    private string _folder = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-consensus-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private (ConsensusStore Store, CoordinationDatabase Database) Open()
    {
        var database = new CoordinationDatabase(DatabaseOptions(), Path.Combine(_folder, "coordination.db"));
        return (new ConsensusStore(database, TimeProvider.System), database);
    }

    private static TaskWorktree Worktree(string taskId) =>
        new() { TaskId = taskId, TargetRepository = "/repo", Path = "/repo-wt/" + taskId, Branch = "agent/" + taskId, TargetBranch = "main", BaseCommit = "abc123" };

    private static RoundDraft Draft(string cycle = "cycle-1", string target = "/repo", int n = 3)
    {
        var id = ConsensusStore.RoundId(cycle, "failing-test:calc");
        return new RoundDraft(cycle, "failing-test:calc", target, 2, 2, [.. Enumerable.Range(1, n).Select(i => Worktree(ConsensusStore.CandidateId(id, i)))]);
    }

    private async Task<long> CountAsync(CoordinationDatabase database, string table)
    {
        await using var connection = await database.OpenAsync(Token);
        await using var command = CoordinationDatabase.Command(connection, $"SELECT COUNT(*) FROM {table}");
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }

    [TestMethod]
    public async Task Opening_the_same_round_again_returns_it_and_stores_nothing_twice()
    {
        var (store, database) = Open();
        var first = await store.OpenAsync(Draft(), Token);
        var again = await store.OpenAsync(Draft(), Token);

        Assert.AreEqual(first.Id, again.Id);
        Assert.AreEqual(RoundStatuses.Open, again.Status);
        Assert.AreEqual(1, await CountAsync(database, "consensus_rounds"));
        Assert.AreEqual(3, await CountAsync(database, "consensus_candidates"));
        var candidates = await store.CandidatesAsync(first.Id, Token);
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, candidates.Select(c => c.Ordinal).ToList());
        Assert.AreEqual("/repo-wt/" + candidates[1].Id, candidates[1].Worktree.Path);
        Assert.IsFalse(candidates[0].Gated);
        Assert.AreEqual(candidates[1].Id, candidates[1].TaskId, "the implementer task is named by the candidate");
        var branches = Enumerable.Range(1, 16).Select(i => WorktreeNames.ShortId(ConsensusStore.WorktreeTaskId(first.Id, i))).ToList();
        Assert.HasCount(16, branches.Distinct(), "every candidate gets its own task branch: " + string.Join(", ", branches));
        Assert.AreNotEqual(branches[0], WorktreeNames.ShortId(ConsensusStore.WorktreeTaskId(ConsensusStore.RoundId("cycle-2", "failing-test:calc"), 1)), "and so does the next round");
    }

    [TestMethod]
    public async Task Bad_drafts_are_refused_and_store_nothing()
    {
        var (store, database) = Open();
        await Assert.ThrowsExactlyAsync<InvalidConsensusException>(() => store.OpenAsync(Draft(n: 0), Token));
        await Assert.ThrowsExactlyAsync<InvalidConsensusException>(() => store.OpenAsync(Draft() with { GapKey = " " }, Token));
        await Assert.ThrowsExactlyAsync<InvalidConsensusException>(() => store.OpenAsync(Draft() with { Reviewers = 17 }, Token));
        Assert.AreEqual(0, await CountAsync(database, "consensus_rounds"));
        Assert.AreEqual(0, await CountAsync(database, "consensus_candidates"));

        await store.OpenAsync(Draft(), Token);
        var e = await Assert.ThrowsExactlyAsync<InvalidConsensusException>(() => store.OpenAsync(Draft(target: "/other"), Token));
        StringAssert.Contains(e.Message, "use another cycle id");
        Assert.AreEqual(1, await CountAsync(database, "consensus_rounds"));
    }

    [TestMethod]
    public async Task Gates_verdicts_decision_and_close_are_each_written_once()
    {
        var (store, database) = Open();
        var round = await store.OpenAsync(Draft(), Token);
        var c1 = ConsensusStore.CandidateId(round.Id, 1);

        await store.RecordGatesAsync(c1, new CandidateGates("impl-1", true, [], 2.5, 12, "calc.py | 2 +-"), Token);
        var regated = await store.RecordGatesAsync(c1, new CandidateGates("impl-9", false, ["x"], 0, 0, ""), Token);
        Assert.IsTrue(regated.GatesPassed);
        Assert.AreEqual("impl-1", regated.Implementer);
        Assert.AreEqual(12, regated.LinesChanged);

        CandidateVerdict[] verdicts = [new(c1, "rev-1", VerdictKinds.Approve, 0.9, ["good"]), new(c1, "rev-2", VerdictKinds.Abstain, null, [], "not JSON")];
        await store.RecordVerdictsAsync(round.Id, verdicts, Token);
        await store.RecordVerdictsAsync(round.Id, [new(c1, "rev-1", VerdictKinds.Reject, 0.1, ["changed my mind"])], Token);
        var stored = await store.VerdictsAsync(round.Id, Token);
        Assert.HasCount(2, stored);
        Assert.AreEqual(VerdictKinds.Approve, stored.Single(v => v.Reviewer == "rev-1").Verdict, "the first verdict stands");
        Assert.AreEqual("not JSON", stored.Single(v => v.Reviewer == "rev-2").AbstainReason);
        Assert.AreEqual(RoundStatuses.Reviewing, (await store.FindAsync(round.Id, Token))!.Status);

        var decided = await store.DecideAsync(round.Id, new SelectionDecision(SelectionOutcome.Selected, c1, ["c1 won"]), Token);
        var redecided = await store.DecideAsync(round.Id, new SelectionDecision(SelectionOutcome.NoneSelected, null, ["other"]), Token);
        Assert.AreEqual("Selected", redecided.Selection);
        Assert.AreEqual(c1, redecided.SelectedCandidate);
        CollectionAssert.AreEqual(new[] { "c1 won" }, redecided.Reasoning.ToList());
        Assert.AreEqual(RoundStatuses.Decided, decided.Status);

        var closed = await store.CloseAsync(round.Id, "Merged", "deadbeef", Token);
        var reclosed = await store.CloseAsync(round.Id, "Discarded", null, Token);
        Assert.AreEqual("Merged", reclosed.Outcome);
        Assert.AreEqual("deadbeef", reclosed.MergedCommit);
        Assert.IsNotNull(closed.ClosedAt);
        Assert.AreEqual(2, await CountAsync(database, "consensus_verdicts"));
    }

    [TestMethod]
    public async Task Verdicts_on_an_unknown_candidate_store_none_of_the_batch()
    {
        var (store, database) = Open();
        var round = await store.OpenAsync(Draft(), Token);
        CandidateVerdict[] batch = [new(ConsensusStore.CandidateId(round.Id, 1), "rev-1", VerdictKinds.Approve, 1, []), new("nope", "rev-1", VerdictKinds.Approve, 1, [])];
        var e = await Assert.ThrowsExactlyAsync<InvalidConsensusException>(() => store.RecordVerdictsAsync(round.Id, batch, Token));
        StringAssert.Contains(e.Message, "has no candidate 'nope'");
        Assert.AreEqual(0, await CountAsync(database, "consensus_verdicts"));
    }
}

[TestClass]
public sealed class SqliteConsensusStoreTests : ConsensusStoreTests
{
}

[TestClass]
public sealed class PostgresConsensusStoreTests : ConsensusStoreTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override PostgresServer? Server => s_server;
}
