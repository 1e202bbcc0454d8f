using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.EntityFramework;
using Agent.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Agent.Workflows.Tests.Persistence;

[TestClass]
public sealed class SqliteDatabaseTests
{
    public TestContext TestContext { get; set; } = null!;
    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task Migrations_create_the_schema_cover_the_model_and_can_be_applied_again()
    {
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct);
        await db.Get<IWorkflowDatabaseInitializer>().InitializeAsync(Ct); // second time: nothing pending, no error

        await using var context = await db.Get<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync(Ct);
        Assert.IsFalse(context.Database.HasPendingModelChanges(), "the model has changes no migration covers: run dotnet ef migrations add");
        Assert.AreEqual(0, (await context.Database.GetPendingMigrationsAsync(Ct)).Count());
        Assert.IsTrue((await context.Database.GetAppliedMigrationsAsync(Ct)).Any(m => m.EndsWith("_InitialSchema", StringComparison.Ordinal)));

        var tables = await context.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync(Ct);
        foreach (var table in new[] { "definitions", "instances", "bookmarks", "journal", "incidents", "instance_leases" })
            CollectionAssert.Contains(tables, table);
        var indexes = await context.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'index'").ToListAsync(Ct);
        foreach (var index in new[] { "IX_definitions_definitionId_version", "IX_instances_status", "IX_bookmarks_name_correlationId", "IX_bookmarks_expiresAt", "IX_journal_instanceId_sequence" })
            CollectionAssert.Contains(indexes, index);
    }

    [TestMethod]
    public async Task Every_connection_runs_with_wal_normal_sync_busy_timeout_and_foreign_keys()
    {
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct);
        await using var context = await db.Get<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync(Ct);
        await context.Database.OpenConnectionAsync(Ct);
        try
        {
            Assert.AreEqual("wal", await Pragma(context, "journal_mode"));
            Assert.AreEqual("1", await Pragma(context, "synchronous"), "1 is NORMAL");
            Assert.AreEqual("5000", await Pragma(context, "busy_timeout"));
            Assert.AreEqual("1", await Pragma(context, "foreign_keys"));
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private async Task<string> Pragma(WorkflowDbContext context, string name)
    {
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToString(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    [TestMethod]
    public async Task Data_survives_closing_and_reopening_the_database()
    {
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct);
        var instance = new WorkflowInstance { Id = "i1", DefinitionId = "d", Status = WorkflowStatus.Suspended };
        instance.State.Variables["kept"] = "yes";
        await db.Get<IWorkflowInstanceStore>().CommitAsync(new InstanceCommit(instance, 0, [], [], [], []), Ct);

        await db.ReopenAsync(Ct);

        var loaded = await db.Get<IWorkflowInstanceStore>().FindAsync("i1", Ct);
        Assert.AreEqual("yes", loaded!.State.Variables["kept"]);
        Assert.AreEqual(WorkflowStatus.Suspended, loaded.Status);
    }

    [TestMethod]
    public async Task Deleting_an_instance_row_cascades_to_its_bookmarks_and_journal()
    {
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct);
        var instance = new WorkflowInstance { Id = "i1", DefinitionId = "d" };
        var bookmark = new Bookmark { Id = "b1", Name = "n", InstanceId = "i1", ActivityId = "a" };
        var entry = new JournalEntry { InstanceId = "i1", Sequence = 1, ActivityId = "a", ActivityType = "T" };
        await db.Get<IWorkflowInstanceStore>().CommitAsync(new InstanceCommit(instance, 0, [entry], [bookmark], [], []), Ct);

        await using (var context = await db.Get<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync(Ct))
            await context.Instances.Where(x => x.Id == "i1").ExecuteDeleteAsync(Ct);

        Assert.IsNull(await db.Get<IWorkflowInstanceStore>().FindBookmarkAsync("b1", Ct));
        Assert.AreEqual(0, (await db.Get<IWorkflowInstanceStore>().GetJournalAsync("i1", Ct)).Count);
    }

    [TestMethod]
    public async Task A_file_that_is_not_a_database_raises_a_clear_error_and_is_left_untouched()
    {
        var directory = TestDatabase.NewDirectory();
        var path = Path.Combine(directory, "workflows.db");
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        await File.WriteAllBytesAsync(path, garbage, Ct);

        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct, initialize: false, directory: directory);
        var ex = await Assert.ThrowsExactlyAsync<WorkflowStoreException>(() => db.Get<IWorkflowDatabaseInitializer>().InitializeAsync(Ct));

        StringAssert.Contains(ex.Message, path);
        StringAssert.Contains(ex.Message, "is not a valid SQLite database");
        StringAssert.Contains(ex.Message, "backup");
        StringAssert.Contains(ex.Message, "move it aside");
        Assert.AreEqual(path, ex.DatabasePath);
        CollectionAssert.AreEqual(garbage, await File.ReadAllBytesAsync(path, Ct), "the file must not be modified");
        CollectionAssert.AreEquivalent(new[] { path }, Directory.GetFiles(directory), "no journal or WAL file is created next to it");
    }

    [TestMethod]
    public async Task A_file_with_a_sqlite_header_but_garbage_pages_raises_the_same_error_from_sqlite_itself()
    {
        var directory = TestDatabase.NewDirectory();
        var path = Path.Combine(directory, "workflows.db");
        var bytes = new byte[8192];
        new Random(7).NextBytes(bytes);
        "SQLite format 3\0"u8.CopyTo(bytes);
        await File.WriteAllBytesAsync(path, bytes, Ct);

        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct, initialize: false, directory: directory);
        var ex = await Assert.ThrowsExactlyAsync<WorkflowStoreException>(() => db.Get<IWorkflowDatabaseInitializer>().InitializeAsync(Ct));

        StringAssert.Contains(ex.Message, path);
        StringAssert.Contains(ex.Message, "is not a valid SQLite database");
        CollectionAssert.AreEqual(bytes, await File.ReadAllBytesAsync(path, Ct));
    }

    [TestMethod]
    public async Task An_empty_file_is_taken_as_a_new_database()
    {
        var directory = TestDatabase.NewDirectory();
        await File.WriteAllBytesAsync(Path.Combine(directory, "workflows.db"), [], Ct);
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct, directory: directory);
        Assert.AreEqual(0, await db.Get<IWorkflowInstanceStore>().CountAsync(new InstanceQuery(), Ct));
    }

    [TestMethod]
    public async Task The_database_folder_is_created_when_missing()
    {
        var directory = Path.Combine(TestDatabase.NewDirectory(), "nested", "data");
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct, directory: directory);
        Assert.IsTrue(File.Exists(db.DatabasePath));
    }

    [TestMethod]
    public async Task Committing_before_initialization_explains_what_to_do()
    {
        await using var db = await TestDatabase.CreateAsync(PersistenceProviders.Sqlite, Ct, initialize: false);
        var instance = new WorkflowInstance { Id = "i1", DefinitionId = "d" };
        var ex = await Assert.ThrowsExactlyAsync<WorkflowStoreException>(() =>
            db.Get<IWorkflowInstanceStore>().CommitAsync(new InstanceCommit(instance, 0, [], [], [], []), Ct));
        StringAssert.Contains(ex.Message, "InitializeAsync");
    }
}
