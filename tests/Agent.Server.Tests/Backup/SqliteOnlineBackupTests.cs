using Agent.Server.Backup;
using Microsoft.Data.Sqlite;

namespace Agent.Server.Tests.Backup;

/// <summary>The online backup API copies a database a writer keeps changing into a sound, self-contained file.</summary>
[TestClass]
public sealed class SqliteOnlineBackupTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Copies_taken_while_a_writer_commits_are_sound_and_hold_whole_transactions()
    {
        var folder = TempFolder.Create("agent-backup-online");
        try
        {
            var source = Path.Combine(folder, "live.db");
            var connectionString = new SqliteConnectionStringBuilder { DataSource = source, Pooling = false }.ToString();
            await using (var setup = new SqliteConnection(connectionString))
            {
                await setup.OpenAsync(TestContext.CancellationToken);
                await using var create = setup.CreateCommand();
                create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE rows (batch INTEGER, n INTEGER);";
                await create.ExecuteNonQueryAsync(TestContext.CancellationToken);
            }
            using var stop = new CancellationTokenSource();
            // Each transaction writes 10 rows of one batch: a consistent copy never holds part of a batch.
            var writer = Task.Run(async () =>
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync();
                for (var batch = 0; !stop.IsCancellationRequested; batch++)
                {
                    await using var transaction = connection.BeginTransaction();
                    for (var n = 0; n < 10; n++)
                    {
                        await using var insert = connection.CreateCommand();
                        insert.CommandText = $"INSERT INTO rows VALUES ({batch}, {n});";
                        await insert.ExecuteNonQueryAsync();
                    }
                    await transaction.CommitAsync();
                }
            });
            var backup = new SqliteOnlineBackup();
            var counts = new List<long>();
            for (var i = 0; i < 5; i++)
            {
                await Task.Delay(50, TestContext.CancellationToken);
                var copy = Path.Combine(folder, $"copy{i}.db");
                await backup.CopyAsync(source, copy, TestContext.CancellationToken);
                Assert.IsNull(await backup.CheckAsync(copy, TestContext.CancellationToken));
                Assert.IsFalse(File.Exists(copy + "-wal"), "the copy is one file");
                await using var read = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                await read.OpenAsync(TestContext.CancellationToken);
                await using var count = read.CreateCommand();
                count.CommandText = "SELECT COUNT(*), COUNT(*) % 10 FROM rows;";
                await using var reader = await count.ExecuteReaderAsync(TestContext.CancellationToken);
                await reader.ReadAsync(TestContext.CancellationToken);
                Assert.AreEqual(0L, reader.GetInt64(1), "only whole transactions are in the copy");
                counts.Add(reader.GetInt64(0));
            }
            await stop.CancelAsync();
            await writer;
            Assert.IsTrue(counts.Last() > counts.First(), "the writer kept committing between copies: " + string.Join(", ", counts));
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [TestMethod]
    public async Task A_file_that_is_not_a_database_fails_the_check()
    {
        var folder = TempFolder.Create("agent-backup-check");
        try
        {
            var path = Path.Combine(folder, "not.db");
            await File.WriteAllTextAsync(path, new string('x', 8192), TestContext.CancellationToken);
            StringAssert.Contains(await new SqliteOnlineBackup().CheckAsync(path, TestContext.CancellationToken), "not a sound SQLite database");
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }
}
