using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;

namespace Agent.Activities.Tests.Safety.Audit;

public abstract class AuditLogTests
{
    private protected Agent.Workflows.Persistence.DatabaseOptions Database { get; private set; } = new();

    private protected abstract Task<Agent.Workflows.Persistence.DatabaseOptions> NewDatabaseAsync();

    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public async Task CreateFolderAsync()
    {
        _folder = TempFolder.Create("agent-audit-tests");
        Database = await NewDatabaseAsync();
    }

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task Appended_records_form_a_chain_that_verifies_and_lists_newest_first()
    {
        await using var audit = new AuditServices(_folder, database: Database);
        await audit.PublishAsync(5, Token);
        await audit.Sink.PublishAsync(SafetyEvent.Create(SafetyEventKinds.EmergencyStop, "alice", "stop engaged"), Token);

        var verification = await audit.Verifier.VerifyAsync(Token);
        var newest = await audit.Log.ListAsync(null, 3, Token);
        var stops = await audit.Log.ListAsync(SafetyEventKinds.EmergencyStop, 10, Token);

        Assert.IsTrue(verification.Intact, verification.Problem);
        Assert.AreEqual(6, verification.Records);
        CollectionAssert.AreEqual(new long[] { 6, 5, 4 }, newest.Select(r => r.Seq).ToArray());
        Assert.AreEqual(AuditChain.Genesis, (await audit.Log.ListAsync(null, 10, Token))[^1].PrevHash);
        Assert.AreEqual(newest[1].Hash, newest[0].PrevHash);
        Assert.AreEqual("alice", stops.Single().Actor);
        Assert.AreEqual("{\"cycle\":\"c5\",\"target\":\"repo\"}", newest[1].Data);
    }

    [TestMethod]
    public async Task Publishing_the_same_event_id_twice_audits_it_once()
    {
        await using var audit = new AuditServices(_folder, database: Database);
        var once = SafetyEvent.Create(SafetyEventKinds.ChangeReverted, "agent", "reverted abc");

        await audit.Sink.PublishAsync(once, Token);
        await audit.Sink.PublishAsync(once, Token);

        Assert.AreEqual(1, (await audit.Log.ListAsync(null, 10, Token)).Count);
        Assert.IsTrue((await audit.Verifier.VerifyAsync(Token)).Intact);
    }

    [TestMethod]
    public async Task The_triggers_refuse_updates_and_deletes()
    {
        await using var audit = new AuditServices(_folder, database: Database);
        await audit.PublishAsync(2, Token);
        await using var connection = await audit.Get<AuditDatabase>().OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM audit_log WHERE seq = 1";

        var refused = await Assert.ThrowsAsync<System.Data.Common.DbException>(() => command.ExecuteNonQueryAsync(Token));

        StringAssert.Contains(refused.Message, "append-only");
    }

    [TestMethod]
    public async Task Verify_names_an_edited_record()
    {
        await using var audit = new AuditServices(_folder, database: Database);
        await audit.PublishAsync(5, Token);
        await audit.TamperAsync("UPDATE audit_log SET summary = 'nothing happened' WHERE seq = 3");

        var result = await audit.Verifier.VerifyAsync(Token);

        Assert.IsFalse(result.Intact);
        Assert.AreEqual(3L, result.BrokenAtSeq);
        StringAssert.Contains(result.Problem, "Record seq 3");
        StringAssert.Contains(result.Problem, "was edited");
    }

    [TestMethod]
    public async Task Verify_names_an_edited_record_whose_hash_was_recomputed_by_the_next_link()
    {
        await using var audit = new AuditServices(_folder, database: Database);
        await audit.PublishAsync(5, Token);
        var third = (await audit.Log.ListAsync(null, 5, Token)).Single(r => r.Seq == 3);
        var forged = third with { Summary = "nothing happened" };
        await audit.TamperAsync($"UPDATE audit_log SET summary = 'nothing happened', hash = '{AuditChain.Recompute(forged)}' WHERE seq = 3");

        var result = await audit.Verifier.VerifyAsync(Token);

        Assert.AreEqual(4L, result.BrokenAtSeq);
        StringAssert.Contains(result.Problem, "does not follow record seq 3");
    }

    [TestMethod]
    public async Task Verify_names_a_deleted_middle_record()
    {
        await using var audit = new AuditServices(_folder, database: Database);
        await audit.PublishAsync(5, Token);
        await audit.TamperAsync("DELETE FROM audit_log WHERE seq = 3");

        var result = await audit.Verifier.VerifyAsync(Token);

        Assert.IsFalse(result.Intact);
        Assert.AreEqual(3L, result.BrokenAtSeq);
        StringAssert.Contains(result.Problem, "Record seq 3 is missing (deleted)");
    }

    [TestMethod]
    public async Task Verify_names_reordered_records()
    {
        await using var audit = new AuditServices(_folder, database: Database);
        await audit.PublishAsync(5, Token);
        await audit.TamperAsync("UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = -2;");

        var result = await audit.Verifier.VerifyAsync(Token);

        Assert.IsFalse(result.Intact);
        Assert.AreEqual(2L, result.BrokenAtSeq);
        StringAssert.Contains(result.Problem, "reordered");
    }

    [TestMethod]
    public async Task Verify_names_a_truncated_tail_by_the_anchor()
    {
        await using var audit = new AuditServices(_folder, database: Database);
        await audit.PublishAsync(5, Token);
        await audit.TamperAsync("DELETE FROM audit_log WHERE seq >= 4");

        var result = await audit.Verifier.VerifyAsync(Token);

        Assert.IsFalse(result.Intact);
        Assert.AreEqual(4L, result.BrokenAtSeq);
        StringAssert.Contains(result.Problem, "records seq 4..5 were deleted (truncated)");
    }

    [TestMethod]
    public async Task Verify_notices_a_chain_rewritten_from_a_record_before_the_anchor()
    {
        await using var audit = new AuditServices(_folder, database: Database);
        await audit.PublishAsync(3, Token);
        // Rewrite the whole chain with a consistent but different last record: only the anchor can tell.
        var records = (await audit.Log.ListAsync(null, 10, Token)).OrderBy(r => r.Seq).ToList();
        var forged = records[2] with { Summary = "forged" };
        forged = forged with { Hash = AuditChain.Recompute(forged) };
        await audit.TamperAsync($"UPDATE audit_log SET summary = 'forged', hash = '{forged.Hash}' WHERE seq = 3");

        var result = await audit.Verifier.VerifyAsync(Token);

        Assert.IsFalse(result.Intact);
        Assert.AreEqual(3L, result.BrokenAtSeq);
        StringAssert.Contains(result.Problem, "anchor");
    }

    [TestMethod]
    public async Task Two_stores_on_one_file_appending_at_once_keep_one_valid_chain()
    {
        // Two service providers = two independent stores and connections, as the server and a CLI process have.
        await using var first = new AuditServices(_folder, database: Database);
        await using var second = new AuditServices(_folder, database: Database);

        await Task.WhenAll(Task.Run(() => first.PublishAsync(25, Token)), Task.Run(() => second.PublishAsync(25, Token)));

        var result = await first.Verifier.VerifyAsync(Token);
        Assert.IsTrue(result.Intact, result.Problem);
        Assert.AreEqual(50, result.Records);
        Assert.AreEqual(50L, (await AuditAnchor.ReadAsync(first.Get<AuditDatabase>().AnchorPath, Token))!.Seq);
    }

    [TestMethod]
    public async Task An_edited_anchor_file_is_reported_not_trusted()
    {
        await using var audit = new AuditServices(_folder, database: Database);
        await audit.PublishAsync(1, Token);
        await File.WriteAllTextAsync(audit.Get<AuditDatabase>().AnchorPath, "{\"seq\":\"x\"}", Token);

        var error = await Assert.ThrowsExactlyAsync<AuditAnchorException>(() => audit.Verifier.VerifyAsync(Token));

        StringAssert.Contains(error.Message, "was edited or damaged");
    }
}

[TestClass]
public sealed class SqliteAuditLogTests : AuditLogTests
{
    private protected override Task<Agent.Workflows.Persistence.DatabaseOptions> NewDatabaseAsync() => Agent.Activities.Tests.Persistence.RawStoreProviders.SqliteAsync();
}

/// <summary>The hash chain in schema audit of a real PostgreSQL database: appends of several writers serialized by the store's advisory lock.</summary>
[TestClass]
public sealed class PostgresAuditLogTests : AuditLogTests
{
    private static Agent.Testing.Postgres.PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await Agent.Testing.Postgres.PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<Agent.Workflows.Persistence.DatabaseOptions> NewDatabaseAsync() => Agent.Activities.Tests.Persistence.RawStoreProviders.PostgresAsync(s_server, TestContext.CancellationToken);
}
