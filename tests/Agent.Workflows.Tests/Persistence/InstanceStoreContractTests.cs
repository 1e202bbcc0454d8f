using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Persistence.InstanceTestData;

namespace Agent.Workflows.Tests.Persistence;

/// <summary>The behaviour every <see cref="IWorkflowInstanceStore"/> must have; run once per store.</summary>
public abstract partial class InstanceStoreContractTests
{
    private TestDatabase _db = null!;

    public TestContext TestContext { get; set; } = null!;
    protected CancellationToken Ct => TestContext.CancellationToken;
    protected abstract string Provider { get; }

    /// <summary>The database of one test; a provider needing a server (PostgreSQL) overrides it.</summary>
    private protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync(Provider, Ct);
    protected IWorkflowInstanceStore Store => _db.Get<IWorkflowInstanceStore>();

    [TestInitialize]
    public async Task Setup() => _db = await CreateDatabaseAsync();

    [TestCleanup]
    public async Task Cleanup() => await _db.DisposeAsync();

    [TestMethod]
    public async Task Commit_then_find_round_trips_header_and_nested_plain_values()
    {
        var instance = NewInstance("i1");
        var s = instance.State;
        s.Variables["text"] = "hello";
        s.Variables["count"] = 42L;
        s.Variables["small"] = 7; // an int comes back as a long: plain values only
        s.Variables["ratio"] = 2.0; // an integral double stays a double
        s.Variables["price"] = 19.99;
        s.Variables["flag"] = true;
        s.Variables["nothing"] = null;
        s.Variables["list"] = new List<object?> { 1L, "two", new List<object?> { true, null } };
        s.Variables["map"] = new Dictionary<string, object?> { ["inner"] = new Dictionary<string, object?> { ["values"] = new List<object?> { 1.5, 2L } } };
        s.Input["OrderId"] = "o-7";
        s.ActivityOutputs["http"] = new Dictionary<string, object?> { ["Result"] = new Dictionary<string, object?> { ["status"] = 200L } };
        s.LastResult = new List<object?> { "last" };
        s.Queue.Add(new WorkItem("next", "bm-1", new Dictionary<string, object?> { ["approved"] = true }));
        s.Tokens.Add(new FlowToken("a", "Done", "b", "In") { Consumed = true });
        s.OutputLines.Add("line 1");
        s.Bookmarks.Add(NewBookmark("bm-1", "i1"));
        s.Incidents.Add(new Incident("http", "Elsa.HttpRequest", "timeout", "System.TimeoutException", "at x", T0));
        s.Attempts["http"] = 2;
        s.InProgress = "http";
        s.Sequence = 9;

        await Store.CommitAsync(Commit(instance, 0), Ct);
        Assert.AreEqual(1, instance.Revision);

        var loaded = await Store.FindAsync("i1", Ct);
        Assert.IsNotNull(loaded);
        Assert.AreEqual("def-1", loaded.DefinitionId);
        Assert.AreEqual("def-1-v1", loaded.DefinitionVersionId);
        Assert.AreEqual("Order i1", loaded.Name);
        Assert.AreEqual("corr-i1", loaded.CorrelationId);
        Assert.AreEqual(WorkflowStatus.Running, loaded.Status);
        Assert.AreEqual(T0, loaded.CreatedAt);
        Assert.IsNull(loaded.FinishedAt);
        Assert.AreEqual(1, loaded.Revision);

        var v = loaded.State.Variables;
        Assert.AreEqual("hello", v["text"]);
        Assert.AreEqual(42L, v["count"]);
        Assert.AreEqual(7L, v["small"]);
        Assert.IsInstanceOfType<double>(v["ratio"]);
        Assert.AreEqual(2.0, v["ratio"]);
        Assert.AreEqual(19.99, v["price"]);
        Assert.AreEqual(true, v["flag"]);
        Assert.IsTrue(v.ContainsKey("nothing"));
        Assert.IsNull(v["nothing"]);
        var list = Assert.IsInstanceOfType<List<object?>>(v["list"]);
        Assert.AreEqual(1L, list[0]);
        Assert.AreEqual("two", list[1]);
        CollectionAssert.AreEqual(new object?[] { true, null }, Assert.IsInstanceOfType<List<object?>>(list[2]));
        var map = Assert.IsInstanceOfType<Dictionary<string, object?>>(v["map"]);
        var inner = Assert.IsInstanceOfType<Dictionary<string, object?>>(map["inner"]);
        CollectionAssert.AreEqual(new object?[] { 1.5, 2L }, Assert.IsInstanceOfType<List<object?>>(inner["values"]));

        Assert.AreEqual("o-7", loaded.State.Input["orderid"], "input keys stay case-insensitive after a round-trip");
        Assert.AreEqual(200L, Assert.IsInstanceOfType<Dictionary<string, object?>>(loaded.State.ActivityOutputs["http"]["Result"])["status"]);
        CollectionAssert.AreEqual(new object?[] { "last" }, Assert.IsInstanceOfType<List<object?>>(loaded.State.LastResult));
        var work = loaded.State.Queue.Single();
        Assert.AreEqual("next", work.ActivityId);
        Assert.AreEqual("bm-1", work.BookmarkId);
        Assert.AreEqual(true, work.ResumeInput!["approved"]);
        Assert.IsTrue(loaded.State.Tokens.Single().Consumed);
        CollectionAssert.AreEqual(new[] { "line 1" }, loaded.State.OutputLines);
        var bookmark = loaded.State.Bookmarks.Single();
        Assert.AreEqual("bm-1", bookmark.Id);
        Assert.AreEqual(12.5, bookmark.Payload!["amount"]);
        Assert.AreEqual(new Incident("http", "Elsa.HttpRequest", "timeout", "System.TimeoutException", "at x", T0), loaded.State.Incidents.Single());
        Assert.AreEqual(2, loaded.State.Attempts["http"]);
        Assert.AreEqual("http", loaded.State.InProgress);
        Assert.AreEqual(9, loaded.State.Sequence);
    }

    [TestMethod]
    public async Task Stored_state_cannot_be_changed_through_the_committed_or_the_loaded_object()
    {
        var instance = NewInstance("i1");
        instance.State.Variables["x"] = new List<object?> { 1L };
        await Store.CommitAsync(Commit(instance, 0), Ct);

        ((List<object?>)instance.State.Variables["x"]!).Add(2L);
        var loaded = (await Store.FindAsync("i1", Ct))!;
        ((List<object?>)loaded.State.Variables["x"]!).Add(3L);
        loaded.State.Variables["y"] = "added";

        var again = (await Store.FindAsync("i1", Ct))!;
        CollectionAssert.AreEqual(new object?[] { 1L }, (List<object?>)again.State.Variables["x"]!);
        Assert.IsFalse(again.State.Variables.ContainsKey("y"));
    }

    [TestMethod]
    public async Task Each_commit_increments_the_revision_and_replaces_the_state()
    {
        var instance = NewInstance("i1");
        await Store.CommitAsync(Commit(instance, 0), Ct);
        instance.State.Variables["step"] = 2L;
        instance.Status = WorkflowStatus.Finished;
        instance.FinishedAt = T0.AddHours(1);
        instance.DefinitionVersionId = "def-1-v2"; // e.g. migrated to a newer version
        instance.Version = 2;
        instance.Name = "Renamed";
        await Store.CommitAsync(Commit(instance, 1), Ct);
        Assert.AreEqual(2, instance.Revision);

        var loaded = (await Store.FindAsync("i1", Ct))!;
        Assert.AreEqual(2, loaded.Revision);
        Assert.AreEqual(WorkflowStatus.Finished, loaded.Status);
        Assert.AreEqual(T0.AddHours(1), loaded.FinishedAt);
        Assert.AreEqual("def-1-v2", loaded.DefinitionVersionId);
        Assert.AreEqual(2, loaded.Version);
        Assert.AreEqual("Renamed", loaded.Name);
        Assert.AreEqual(2L, loaded.State.Variables["step"]);
        Assert.AreEqual(1, await Store.CountAsync(new InstanceQuery(Status: WorkflowStatus.Finished), Ct), "the status index follows the change");
        Assert.AreEqual(0, await Store.CountAsync(new InstanceQuery(Status: WorkflowStatus.Running), Ct));
    }

    [TestMethod]
    public async Task Find_of_an_unknown_instance_returns_null() =>
        Assert.IsNull(await Store.FindAsync("nope", Ct));

    [TestMethod]
    public async Task Journal_is_returned_in_sequence_order_per_instance()
    {
        var a = NewInstance("a");
        var b = NewInstance("b");
        await Store.CommitAsync(Commit(a, 0, [Entry("a", 1), Entry("a", 2)]), Ct);
        await Store.CommitAsync(Commit(b, 0, [Entry("b", 1)]), Ct);
        await Store.CommitAsync(Commit(a, 1, [Entry("a", 4), Entry("a", 3)]), Ct);

        var journal = await Store.GetJournalAsync("a", Ct);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4 }, journal.Select(j => j.Sequence).ToArray());
        Assert.AreEqual(Entry("a", 3), journal[2], "every field round-trips");
        Assert.AreEqual(Entry("b", 1), (await Store.GetJournalAsync("b", Ct)).Single(), "a commit's only entry round-trips too");
        Assert.AreEqual(0, (await Store.GetJournalAsync("unknown", Ct)).Count);
    }

    [TestMethod]
    public async Task A_single_journal_entry_keeps_its_empty_fields_empty()
    {
        var failed = Entry("a", 1) with { Status = JournalStatus.Faulted, Outcomes = null, Error = "boom", Payload = null };
        await Store.CommitAsync(Commit(NewInstance("a"), 0, [failed]), Ct);
        Assert.AreEqual(failed, (await Store.GetJournalAsync("a", Ct)).Single());
    }

    [TestMethod]
    public async Task Journal_entries_without_instance_id_are_stored_under_the_committed_instance()
    {
        await Store.CommitAsync(Commit(NewInstance("a"), 0, [Entry("", 1)]), Ct);
        Assert.AreEqual("a", (await Store.GetJournalAsync("a", Ct)).Single().InstanceId);
    }

    [TestMethod]
    public async Task Bookmarks_are_found_by_id_by_name_and_correlation_and_by_expiry()
    {
        var now = T0.AddHours(1);
        var instance = NewInstance("i1");
        await Store.CommitAsync(Commit(instance, 0, add:
        [
            NewBookmark("b1", "i1", "Approve", "c-1", seconds: 1),
            NewBookmark("b2", "i1", "Approve", "c-2", seconds: 2),
            NewBookmark("b3", "i1", "Elsa.Delay", expiresAt: now.AddMinutes(-5)),
            NewBookmark("b4", "i1", "Elsa.Delay", expiresAt: now),
            NewBookmark("b5", "i1", "Elsa.Delay", expiresAt: now.AddTicks(1)),
        ]), Ct);

        var b1 = await Store.FindBookmarkAsync("b1", Ct);
        Assert.IsNotNull(b1);
        Assert.AreEqual("Approve", b1.Name);
        Assert.AreEqual("i1", b1.InstanceId);
        Assert.AreEqual("wait", b1.ActivityId);
        Assert.AreEqual("c-1", b1.CorrelationId);
        Assert.AreEqual(T0.AddSeconds(1), b1.CreatedAt);
        Assert.IsNull(b1.ExpiresAt);
        Assert.AreEqual("Approve order", b1.Payload!["summary"]);
        Assert.AreEqual(12.5, b1.Payload["amount"]);
        CollectionAssert.AreEqual(new object?[] { 1L, 2L }, Assert.IsInstanceOfType<List<object?>>(b1.Payload["lines"]));
        Assert.IsNull(await Store.FindBookmarkAsync("missing", Ct));

        CollectionAssert.AreEqual(new[] { "b2" }, (await Store.FindBookmarksAsync("Approve", "c-2", Ct)).Select(b => b.Id).ToArray());
        CollectionAssert.AreEqual(new[] { "b1", "b2" }, (await Store.FindBookmarksAsync("Approve", null, Ct)).Select(b => b.Id).ToArray());
        Assert.AreEqual(0, (await Store.FindBookmarksAsync("Approve", "c-3", Ct)).Count);
        Assert.AreEqual(0, (await Store.FindBookmarksAsync("approve", null, Ct)).Count, "names are case-sensitive");

        var expired = await Store.FindExpiredBookmarksAsync(now, Ct);
        CollectionAssert.AreEqual(new[] { "b3", "b4" }, expired.Select(b => b.Id).ToArray());
        Assert.AreEqual(now.AddMinutes(-5), expired[0].ExpiresAt);
    }

    [TestMethod]
    public async Task A_removed_bookmark_is_gone_and_removal_and_addition_happen_in_one_commit()
    {
        var instance = NewInstance("i1");
        await Store.CommitAsync(Commit(instance, 0, add: [NewBookmark("b1", "i1")]), Ct);
        await Store.CommitAsync(Commit(instance, 1, add: [NewBookmark("b2", "i1")], remove: ["b1"]), Ct);

        Assert.IsNull(await Store.FindBookmarkAsync("b1", Ct));
        Assert.IsNotNull(await Store.FindBookmarkAsync("b2", Ct));
    }

    [TestMethod]
    public async Task Two_commits_with_the_same_expected_revision_one_wins_the_other_changes_nothing()
    {
        var instance = NewInstance("i1");
        await Store.CommitAsync(Commit(instance, 0, add: [NewBookmark("b0", "i1")]), Ct);

        var first = NewInstance("i1");
        first.State.Variables["writer"] = "first";
        var second = NewInstance("i1");
        second.State.Variables["writer"] = "second";
        first.Revision = second.Revision = 1;
        var attempts = new[]
        {
            Try(Commit(first, 1, [Entry("i1", 1, "first")], [NewBookmark("b-first", "i1")], ["b0"])),
            Try(Commit(second, 1, [Entry("i1", 1, "second")], [NewBookmark("b-second", "i1")], ["b0"])),
        };
        var outcomes = await Task.WhenAll(attempts);

        Assert.AreEqual(1, outcomes.Count(o => o is null), "exactly one commit wins");
        Assert.IsInstanceOfType<ConcurrencyConflictException>(outcomes.Single(o => o is not null));
        var winner = outcomes[0] is null ? "first" : "second";
        var loser = winner == "first" ? "second" : "first";

        var loaded = (await Store.FindAsync("i1", Ct))!;
        Assert.AreEqual(2, loaded.Revision);
        Assert.AreEqual(winner, loaded.State.Variables["writer"]);
        CollectionAssert.AreEqual(new[] { winner }, (await Store.GetJournalAsync("i1", Ct)).Select(j => j.ActivityId).ToArray());
        Assert.IsNotNull(await Store.FindBookmarkAsync("b-" + winner, Ct));
        Assert.IsNull(await Store.FindBookmarkAsync("b-" + loser, Ct));
        Assert.AreEqual(1L, (winner == "first" ? second : first).Revision, "the loser's revision is left as it was");

        async Task<Exception?> Try(InstanceCommit commit)
        {
            await Task.Yield();
            try { await Store.CommitAsync(commit, Ct); return null; }
            catch (Exception ex) { return ex; }
        }
    }

    [TestMethod]
    public async Task Committing_a_new_instance_twice_is_a_conflict()
    {
        await Store.CommitAsync(Commit(NewInstance("i1"), 0), Ct);
        var again = NewInstance("i1");
        again.State.Variables["x"] = 1L;
        await Assert.ThrowsExactlyAsync<ConcurrencyConflictException>(() => Store.CommitAsync(Commit(again, 0, [Entry("i1", 1)]), Ct));
        Assert.IsFalse((await Store.FindAsync("i1", Ct))!.State.Variables.ContainsKey("x"));
        Assert.AreEqual(0, (await Store.GetJournalAsync("i1", Ct)).Count);
    }

    [TestMethod]
    public async Task Updating_an_instance_that_was_never_stored_is_a_conflict()
    {
        await Assert.ThrowsExactlyAsync<ConcurrencyConflictException>(() => Store.CommitAsync(Commit(NewInstance("ghost"), 3), Ct));
        Assert.IsNull(await Store.FindAsync("ghost", Ct));
    }

    [TestMethod]
    public async Task Removing_a_bookmark_that_is_gone_is_a_conflict_and_nothing_is_written()
    {
        var instance = NewInstance("i1");
        instance.State.Variables["v"] = "before";
        await Store.CommitAsync(Commit(instance, 0, [Entry("i1", 1)], [NewBookmark("b1", "i1")]), Ct);

        instance.State.Variables["v"] = "after";
        instance.Status = WorkflowStatus.Finished;
        var commit = Commit(instance, 1, [Entry("i1", 2)], [NewBookmark("b2", "i1")], ["b1", "b-gone"], [new Incident("a", "T", "boom", null, null, T0)]);
        var ex = await Assert.ThrowsExactlyAsync<ConcurrencyConflictException>(() => Store.CommitAsync(commit, Ct));
        StringAssert.Contains(ex.Message, "b-gone");

        Assert.AreEqual(1, instance.Revision);
        var loaded = (await Store.FindAsync("i1", Ct))!;
        Assert.AreEqual(1, loaded.Revision);
        Assert.AreEqual("before", loaded.State.Variables["v"]);
        Assert.AreEqual(WorkflowStatus.Running, loaded.Status);
        Assert.AreEqual(1, (await Store.GetJournalAsync("i1", Ct)).Count);
        Assert.IsNotNull(await Store.FindBookmarkAsync("b1", Ct), "the removal that succeeded was rolled back");
        Assert.IsNull(await Store.FindBookmarkAsync("b2", Ct));

        // The store is still usable after the failed commit.
        await Store.CommitAsync(Commit(instance, 1, remove: ["b1"]), Ct);
        Assert.AreEqual(2, instance.Revision);
    }

    [TestMethod]
    public async Task Removing_another_instances_bookmark_is_a_conflict()
    {
        await Store.CommitAsync(Commit(NewInstance("a"), 0, add: [NewBookmark("ba", "a")]), Ct);
        var b = NewInstance("b");
        await Store.CommitAsync(Commit(b, 0), Ct);
        await Assert.ThrowsExactlyAsync<ConcurrencyConflictException>(() => Store.CommitAsync(Commit(b, 1, remove: ["ba"]), Ct));
        Assert.IsNotNull(await Store.FindBookmarkAsync("ba", Ct));
    }

    [TestMethod]
    public async Task Adding_a_bookmark_id_that_exists_is_a_conflict()
    {
        var instance = NewInstance("i1");
        await Store.CommitAsync(Commit(instance, 0, add: [NewBookmark("b1", "i1")]), Ct);
        await Assert.ThrowsExactlyAsync<ConcurrencyConflictException>(() => Store.CommitAsync(Commit(instance, 1, add: [NewBookmark("b1", "i1")]), Ct));
        Assert.AreEqual(1, (await Store.FindAsync("i1", Ct))!.Revision);
    }

    [TestMethod]
    public async Task A_bookmark_naming_another_instance_is_rejected()
    {
        var ex = await Assert.ThrowsExactlyAsync<ArgumentException>(() => Store.CommitAsync(Commit(NewInstance("a"), 0, add: [NewBookmark("b", "other")]), Ct));
        StringAssert.Contains(ex.Message, "other");
        Assert.IsNull(await Store.FindAsync("a", Ct));
    }

    [TestMethod]
    public async Task FindInterrupted_returns_the_running_instances()
    {
        await Store.CommitAsync(Commit(NewInstance("r1", minutes: 1), 0), Ct);
        await Store.CommitAsync(Commit(NewInstance("s1", status: WorkflowStatus.Suspended), 0), Ct);
        await Store.CommitAsync(Commit(NewInstance("f1", status: WorkflowStatus.Finished), 0), Ct);
        await Store.CommitAsync(Commit(NewInstance("r2", minutes: 2), 0), Ct);
        var running = NewInstance("r3", minutes: 3);
        await Store.CommitAsync(Commit(running, 0), Ct);
        running.Status = WorkflowStatus.Faulted;
        await Store.CommitAsync(Commit(running, 1), Ct);

        CollectionAssert.AreEqual(new[] { "r1", "r2" }, (await Store.FindInterruptedAsync(Ct)).ToArray());
    }

    [TestMethod]
    public async Task List_and_count_filter_by_definition_and_status_newest_first_with_paging()
    {
        await Store.CommitAsync(Commit(NewInstance("a1", "A", WorkflowStatus.Running, 1), 0), Ct);
        await Store.CommitAsync(Commit(NewInstance("a2", "A", WorkflowStatus.Finished, 2), 0), Ct);
        await Store.CommitAsync(Commit(NewInstance("a3", "A", WorkflowStatus.Finished, 3), 0), Ct);
        await Store.CommitAsync(Commit(NewInstance("b1", "B", WorkflowStatus.Finished, 4), 0), Ct);

        CollectionAssert.AreEqual(new[] { "b1", "a3", "a2", "a1" }, (await Store.ListAsync(new InstanceQuery(), Ct)).Select(i => i.Id).ToArray());
        CollectionAssert.AreEqual(new[] { "a3", "a2", "a1" }, (await Store.ListAsync(new InstanceQuery("A"), Ct)).Select(i => i.Id).ToArray());
        CollectionAssert.AreEqual(new[] { "b1", "a3", "a2" }, (await Store.ListAsync(new InstanceQuery(Status: WorkflowStatus.Finished), Ct)).Select(i => i.Id).ToArray());
        CollectionAssert.AreEqual(new[] { "a2" }, (await Store.ListAsync(new InstanceQuery("A", WorkflowStatus.Finished, Skip: 1, Take: 1), Ct)).Select(i => i.Id).ToArray());
        Assert.AreEqual("Order a2", (await Store.ListAsync(new InstanceQuery("A", WorkflowStatus.Finished, Skip: 1, Take: 1), Ct))[0].Name);

        Assert.AreEqual(4, await Store.CountAsync(new InstanceQuery(), Ct));
        Assert.AreEqual(3, await Store.CountAsync(new InstanceQuery("A"), Ct));
        Assert.AreEqual(2, await Store.CountAsync(new InstanceQuery("A", WorkflowStatus.Finished, Skip: 1, Take: 1), Ct), "paging does not change the count");
        Assert.AreEqual(0, await Store.CountAsync(new InstanceQuery("C"), Ct));
    }

    [TestMethod]
    public async Task Concurrent_commits_of_different_instances_all_land()
    {
        const int instances = 8, steps = 25;
        await Task.WhenAll(Enumerable.Range(0, instances).Select(n => Task.Run(async () =>
        {
            var instance = NewInstance("c" + n);
            for (var step = 0; step < steps; step++)
            {
                instance.State.Variables["step"] = (long)step;
                instance.State.Sequence = step + 1;
                await Store.CommitAsync(Commit(instance, step, [Entry(instance.Id, step + 1)]), Ct);
            }
        }, Ct)));

        for (var n = 0; n < instances; n++)
        {
            var loaded = (await Store.FindAsync("c" + n, Ct))!;
            Assert.AreEqual(steps, loaded.Revision);
            Assert.AreEqual((long)(steps - 1), loaded.State.Variables["step"]);
            Assert.AreEqual(steps, (await Store.GetJournalAsync("c" + n, Ct)).Count);
        }
    }
}

[TestClass]
public sealed class SqliteInstanceStoreContractTests : InstanceStoreContractTests
{
    protected override string Provider => PersistenceProviders.Sqlite;
}

[TestClass]
public sealed class InMemoryInstanceStoreContractTests : InstanceStoreContractTests
{
    protected override string Provider => PersistenceProviders.InMemory;
}
