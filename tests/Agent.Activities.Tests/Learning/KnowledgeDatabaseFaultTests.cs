using Agent.Activities.Learning;
using Agent.Activities.Learning.Persistence;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Tests.Learning;

[TestClass]
public sealed class KnowledgeDatabaseFaultTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_file_that_is_not_a_database_is_named_in_the_error_and_left_unchanged()
    {
        await using var kb = new KnowledgeSandbox();
        var garbage = "these are my notes, not a database\n"u8.ToArray();
        await File.WriteAllBytesAsync(kb.DatabasePath, garbage, Token);

        var ex = await Assert.ThrowsExactlyAsync<KnowledgeStoreException>(() => kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("t", ExperienceOutcome.Accepted), Token));

        StringAssert.Contains(ex.Message, kb.DatabasePath);
        StringAssert.Contains(ex.Message, "not a valid SQLite database");
        StringAssert.Contains(ex.Message, "move it aside");
        CollectionAssert.AreEqual(garbage, await File.ReadAllBytesAsync(kb.DatabasePath, Token));
    }

    [TestMethod]
    public async Task A_damaged_database_behind_a_valid_header_is_reported_with_the_file_and_what_to_do()
    {
        await using var kb = new KnowledgeSandbox();
        var bytes = new byte[8192];
        new Random(7).NextBytes(bytes);
        "SQLite format 3\0"u8.CopyTo(bytes);
        await File.WriteAllBytesAsync(kb.DatabasePath, bytes, Token);

        var ex = await Assert.ThrowsExactlyAsync<KnowledgeStoreException>(() => kb.Kpis.ComputeAsync(cancellationToken: Token));

        StringAssert.Contains(ex.Message, kb.DatabasePath);
        StringAssert.Contains(ex.Message, "Restore it from a backup");
        CollectionAssert.AreEqual(bytes, await File.ReadAllBytesAsync(kb.DatabasePath, Token));
    }

    [TestMethod]
    public async Task A_database_locked_by_another_process_fails_with_the_file_and_what_to_do_and_writes_nothing()
    {
        await using var kb = new KnowledgeSandbox(o => o.BusyTimeoutMs = 200);
        await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("t", ExperienceOutcome.Accepted), Token);
        await using (var holder = new SqliteConnection($"Data Source={kb.DatabasePath};Pooling=False"))
        {
            await holder.OpenAsync(Token);
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync(Token);
            }

            var ex = await Assert.ThrowsExactlyAsync<KnowledgeStoreException>(() => kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("t", ExperienceOutcome.Failed), Token));

            StringAssert.Contains(ex.Message, kb.DatabasePath);
            StringAssert.Contains(ex.Message, "locked by another process");
            StringAssert.Contains(ex.Message, "Learning:BusyTimeoutMs");
        }
        Assert.AreEqual(1, kb.Scalar("SELECT COUNT(*) FROM experiences"));
        Assert.AreEqual(1, kb.Scalar("SELECT COUNT(*) FROM metrics WHERE name = 'agent.turns'"));
    }

    [TestMethod]
    public async Task Bad_input_says_what_was_wrong_and_stores_nothing()
    {
        await using var kb = new KnowledgeSandbox();
        var bad = KnowledgeSandbox.Attempt("t", ExperienceOutcome.Accepted) with
        {
            Task = new LearningTask(" ", "t", "d"),
            CostUsd = -1,
            Fix = new AttemptFix("did something"),
        };

        var ex = await Assert.ThrowsExactlyAsync<LearningInputException>(() => kb.Learning.RecordAttemptAsync(bad, Token));

        StringAssert.Contains(ex.Message, "task.goal is empty");
        StringAssert.Contains(ex.Message, "costUsd is -1");
        StringAssert.Contains(ex.Message, "errorsSeen is empty");
        Assert.IsEmpty(await kb.Experiences.ListAsync(10, cancellationToken: Token));
    }
}
