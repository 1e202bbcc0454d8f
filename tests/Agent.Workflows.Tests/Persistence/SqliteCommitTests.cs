using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.Serialization;
using Agent.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Agent.Workflows.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Agent.Workflows.Tests.Persistence.InstanceTestData;

namespace Agent.Workflows.Tests.Persistence;

/// <summary>
/// The SQLite commit path, which binds values and runs its transaction through SQLite's own statement API rather
/// than through Microsoft.Data.Sqlite commands: what it stores must be byte for byte what the commands stored, a
/// failure half-way must leave nothing, and its allocation per commit must stay small.
/// </summary>
[TestClass]
public sealed class SqliteCommitTests
{
    public TestContext TestContext { get; set; } = null!;
    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task The_stored_state_is_exactly_the_json_of_StateJson_Serialize()
    {
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct);
        var store = db.Get<IWorkflowInstanceStore>();
        var instance = NewInstance("json");
        // Non-ASCII text, a character the default encoder escapes, a lone surrogate, nested plain values.
        instance.State.Variables["text"] = "Grüße, 日本, <tag> & \"quotes\" \ud83d\ude00 \ud800";
        instance.State.Variables["nested"] = new Dictionary<string, object?> { ["n"] = 2.0, ["list"] = new List<object?> { 1L, null, true } };
        instance.State.Queue.Add(new WorkItem("a2"));
        await store.CommitAsync(Commit(instance, 0), Ct);
        instance.State.Variables["second"] = "ä";
        await store.CommitAsync(Commit(instance, 1, [Entry(instance.Id, 1)]), Ct);

        Assert.AreEqual(StateJson.Serialize(instance.State), await ReadScalarAsync(db, "SELECT stateJson FROM instances WHERE id='json'"));
        Assert.AreEqual("text", await ReadScalarAsync(db, "SELECT typeof(stateJson) FROM instances WHERE id='json'"), "stored as TEXT, as before");
    }

    [TestMethod]
    public async Task Empty_strings_are_stored_as_empty_strings_not_null()
    {
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct);
        var store = db.Get<IWorkflowInstanceStore>();
        var instance = NewInstance("empty");
        instance.Name = "";
        instance.CorrelationId = "";
        await store.CommitAsync(Commit(instance, 0), Ct);
        await store.CommitAsync(Commit(instance, 1, [Entry(instance.Id, 1) with { ActivityName = "", Outcomes = "", Error = "" }]), Ct);

        var found = await store.FindAsync("empty", Ct);
        Assert.AreEqual("", found!.Name);
        Assert.AreEqual("", found.CorrelationId);
        var entry = (await store.GetJournalAsync("empty", Ct)).Single();
        Assert.AreEqual("", entry.ActivityName);
        Assert.AreEqual("", entry.Outcomes);
        Assert.AreEqual("", entry.Error);
    }

    [TestMethod]
    public async Task A_commit_failing_half_way_writes_nothing_and_the_next_commit_works()
    {
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct);
        var store = db.Get<IWorkflowInstanceStore>();
        var instance = NewInstance("half");
        await store.CommitAsync(Commit(instance, 0), Ct);
        instance.State.Variables["x"] = 1L;

        // The instance row is updated first, then the journal insert fails on its NOT NULL column.
        var broken = Entry(instance.Id, 1) with { ActivityType = null! };
        var ex = await Assert.ThrowsExactlyAsync<SqliteException>(() => store.CommitAsync(Commit(instance, 1, [Entry(instance.Id, 1, "ok"), broken]), Ct));
        StringAssert.Contains(ex.Message, "NOT NULL");

        var stored = await store.FindAsync("half", Ct);
        Assert.AreEqual(1, stored!.Revision, "the instance update of the failed commit was rolled back");
        Assert.IsFalse(stored.State.Variables.ContainsKey("x"));
        Assert.AreEqual(0, (await store.GetJournalAsync("half", Ct)).Count, "the journal row written before the failure was rolled back");

        await store.CommitAsync(Commit(instance, 1, [Entry(instance.Id, 1)]), Ct);
        Assert.AreEqual(2, (await store.FindAsync("half", Ct))!.Revision);
        Assert.AreEqual(1, (await store.GetJournalAsync("half", Ct)).Count);
    }

    [TestMethod]
    public async Task A_conflict_rolls_back_and_the_same_connection_keeps_committing()
    {
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct);
        var store = db.Get<IWorkflowInstanceStore>();
        var instance = NewInstance("conflict");
        await store.CommitAsync(Commit(instance, 0), Ct);
        await store.CommitAsync(Commit(instance, 1, [Entry(instance.Id, 1)]), Ct);

        await Assert.ThrowsExactlyAsync<ConcurrencyConflictException>(() => store.CommitAsync(Commit(instance, 1, [Entry(instance.Id, 2)]), Ct));
        // A reader outside the store sees no open write transaction: it can write at once.
        await ExecuteAsync(db, "BEGIN IMMEDIATE; ROLLBACK;", busyTimeoutMs: 0);

        await store.CommitAsync(Commit(instance, 2, [Entry(instance.Id, 2)]), Ct);
        Assert.AreEqual(2, (await store.GetJournalAsync("conflict", Ct)).Count);
    }

    [TestMethod]
    public async Task A_commit_waits_for_another_writer_up_to_the_busy_timeout_then_fails_and_writes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct);
        // A second store on the same file, as another process would have, with a short busy timeout.
        await using var services = new ServiceCollection()
            .AddWorkflowPersistence(o => { o.DatabasePath = db.DatabasePath; o.BusyTimeoutMs = 300; })
            .BuildServiceProvider();
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        var options = services.GetRequiredService<IOptions<PersistenceOptions>>().Value;
        var instance = NewInstance("busy");
        await store.CommitAsync(Commit(instance, 0), Ct);

        await using (var other = new SqliteConnection($"Data Source={db.DatabasePath};Pooling=False"))
        {
            await other.OpenAsync(Ct);
            await using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync(Ct);
            }
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var ex = await Assert.ThrowsExactlyAsync<SqliteException>(() => store.CommitAsync(Commit(instance, 1, [Entry(instance.Id, 1)]), Ct));
            Assert.AreEqual(5, ex.SqliteErrorCode, $"SQLITE_BUSY expected, got: {ex.Message}");
            Assert.IsTrue(watch.ElapsedMilliseconds >= 250, $"the commit gave up after {watch.ElapsedMilliseconds} ms, before the 300 ms busy timeout");
        }

        Assert.AreEqual(1, (await store.FindAsync("busy", Ct))!.Revision);
        await store.CommitAsync(Commit(instance, 1, [Entry(instance.Id, 1)]), Ct);
        Assert.AreEqual(2, (await store.FindAsync("busy", Ct))!.Revision);
        // Its pooled read connections keep the file open; release them as TestDatabase does for its own.
        await services.DisposeAsync();
        using (var pooled = new SqliteConnection(SqliteConnectionStrings.Build(options))) SqliteConnection.ClearPool(pooled);
    }

    // Issue 22: the commit allocated 5.3 KB (Microsoft.Data.Sqlite commands, boxed values, UTF-8 copies, the JSON
    // string); bound straight from the values it is about 0.4 KB, nearly all of it System.Text.Json's own write stack.
    private const double CommitLimitBytes = 1024;

    [TestMethod]
    public async Task A_commit_allocates_at_most_one_kilobyte()
    {
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct);
        var store = db.Get<IWorkflowInstanceStore>();
        var instance = NewInstance("alloc");
        instance.State.Queue.Add(new WorkItem("a1"));
        _ = instance.State.Queue[0].Id; // made on first read; read once here, as the first commit would
        await store.CommitAsync(Commit(instance, 0), Ct);
        var commits = Enumerable.Range(1, 600).Select(i => Commit(instance, i, [Entry(instance.Id, i)])).ToArray();

        for (var i = 0; i < 100; i++) CommitSynchronously(store, commits[i]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 100; i < commits.Length; i++) CommitSynchronously(store, commits[i]);
        var perCommit = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)(commits.Length - 100);

        Console.WriteLine($"allocated {perCommit:0} B per SQLite commit");
        Assert.IsTrue(perCommit <= CommitLimitBytes,
            $"a SQLite commit allocated {perCommit:0} B (limit {CommitLimitBytes} B); see what the commit path allocates with the bench profile (--only p)");
        Assert.AreEqual(601, (await store.FindAsync("alloc", Ct))!.Revision);
    }

    // The commit runs synchronously (SQLite has no asynchronous I/O), so the thread's counter sees all of it.
    private static void CommitSynchronously(IWorkflowInstanceStore store, InstanceCommit commit)
    {
        var task = store.CommitAsync(commit);
        if (!task.IsCompletedSuccessfully) Assert.Fail($"the commit did not complete synchronously ({task.Status}); the measurement needs one that does");
    }

    private async Task<object?> ReadScalarAsync(TestDatabase db, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={db.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    private async Task ExecuteAsync(TestDatabase db, string sql, int busyTimeoutMs)
    {
        await using var connection = new SqliteConnection($"Data Source={db.DatabasePath};Pooling=False;Default Timeout=1");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout={busyTimeoutMs}; {sql}";
        await command.ExecuteNonQueryAsync(Ct);
    }
}
