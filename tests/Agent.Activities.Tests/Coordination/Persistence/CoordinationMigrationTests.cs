using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Persistence;
using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agent.Activities.Tests.Coordination.Persistence;

/// <summary>
/// The coordination schema under EF Core migrations: up to date on both providers, a file made by the old hand-written DDL
/// adopted with its rows, a fresh file shaped like an adopted one, and the PostgreSQL tables in their own schema.
/// </summary>
[TestClass]
public sealed class CoordinationMigrationTests
{
    // The first release of coordination.db, as the old code created it: agents without parent_id, messages, deliveries.
    private const string FirstReleaseDdl = """
        CREATE TABLE agents (id TEXT PRIMARY KEY, role TEXT NOT NULL, status TEXT NOT NULL,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, last_seen_at TEXT);
        CREATE INDEX ix_agents_role ON agents (role);
        CREATE TABLE messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, sender TEXT NOT NULL,
            recipient TEXT NOT NULL, correlation_id TEXT, payload TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE deliveries (message_seq INTEGER NOT NULL REFERENCES messages (seq), agent_id TEXT NOT NULL, state TEXT NOT NULL,
            delivered_at TEXT, acked_at TEXT, consumer TEXT, PRIMARY KEY (message_seq, agent_id));
        INSERT INTO agents VALUES ('planner-1', 'planner', 'idle', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z', NULL);
        INSERT INTO agents VALUES ('impl-1', 'implementer', 'idle', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z', NULL);
        INSERT INTO messages (id, type, sender, recipient, payload, created_at)
            VALUES ('m1', 'task', 'planner-1', 'impl-1', '{"title":"old"}', '2026-01-01T00:00:01.0000000Z');
        INSERT INTO deliveries VALUES (1, 'impl-1', 'pending', NULL, NULL, NULL);
        """;

    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-coordination-migration-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public void The_migrations_match_the_model_on_both_providers()
    {
        using var sqlite = new CoordinationDatabase(Path.Combine(_folder, "coordination.db")).CreateContext();
        using var postgres = new PostgresCoordinationDbContext(new DbContextOptionsBuilder<PostgresCoordinationDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);
        foreach (DbContext context in new DbContext[] { sqlite, postgres })
        {
            Assert.IsFalse(context.Database.HasPendingModelChanges(), $"{context.GetType().Name} has model changes without a migration; run scripts/dev/add-migration.sh {context.GetType().Name} NAME.");
            Assert.IsNotEmpty(context.Database.GetMigrations(), context.GetType().Name);
        }
    }

    [TestMethod]
    public async Task A_file_made_by_the_old_DDL_is_baselined_keeping_its_rows_and_gains_the_later_tables()
    {
        var path = Path.Combine(_folder, "coordination.db");
        await ExecuteAsync(path, FirstReleaseDdl);
        var database = new CoordinationDatabase(path);
        CollectionAssert.AreEqual(await AllMigrationsAsync(database), (await database.GetPendingMigrationsAsync(Token)).ToList(), "an old file counts as not migrated yet");

        var registry = new AgentRegistry(database, TimeProvider.System);
        var impl = await registry.FindAsync("impl-1", Token);
        var inbox = await new MessageStore(database).ListForAgentAsync("impl-1", [DeliveryStates.Pending], 10, Token);

        Assert.AreEqual("implementer", impl!.Role, "the old agents row is still there");
        Assert.AreEqual("m1", inbox.Single().Message.Id, "the old pending delivery is still there");
        Assert.IsEmpty(await database.GetPendingMigrationsAsync(Token));
        Assert.AreEqual(1L, await ScalarAsync(path, "SELECT COUNT(*) FROM pragma_table_info('agents') WHERE name = 'parent_id'"), "the column added by later releases");
        Assert.AreEqual(1L, await ScalarAsync(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'spawn_requests'"), "the tables of later releases");
        Assert.AreEqual((await AllMigrationsAsync(database)).Count, (int)await ScalarAsync(path, "SELECT COUNT(*) FROM __EFMigrationsHistory"));

        // A second process opening it later finds the history and migrates nothing twice.
        var again = new CoordinationDatabase(path);
        await using (await again.OpenAsync(Token)) { }
        Assert.AreEqual(2, (await new AgentRegistry(again, TimeProvider.System).ListAsync(Token)).Count);
    }

    [TestMethod]
    public async Task A_fresh_file_has_the_same_tables_and_columns_as_a_baselined_old_one()
    {
        var old = Path.Combine(_folder, "old.db");
        var fresh = Path.Combine(_folder, "fresh.db");
        await ExecuteAsync(old, FirstReleaseDdl);
        await using (await new CoordinationDatabase(old).OpenAsync(Token)) { }
        await using (await new CoordinationDatabase(fresh).OpenAsync(Token)) { }

        var oldShape = await ShapeAsync(old);
        var freshShape = await ShapeAsync(fresh);

        CollectionAssert.AreEquivalent(oldShape, freshShape, $"only in old: {string.Join("; ", oldShape.Except(freshShape))} — only in fresh: {string.Join("; ", freshShape.Except(oldShape))}");
    }

    [TestMethod]
    public async Task A_file_that_is_not_SQLite_is_refused_and_left_unchanged()
    {
        var path = Path.Combine(_folder, "coordination.db");
        await File.WriteAllTextAsync(path, "not a database", Token);

        var e = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => new CoordinationDatabase(path).OpenAsync(Token));

        StringAssert.Contains(e.Message, "Coordination:DatabasePath");
        Assert.AreEqual("not a database", await File.ReadAllTextAsync(path, Token));
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task On_PostgreSQL_the_tables_and_their_history_are_in_schema_coordination_and_nothing_is_in_public()
    {
        await using var server = await PostgresServer.StartAsync(Token);
        var connectionString = await server.CreateDatabaseAsync("coordination", Token);
        var database = new CoordinationDatabase(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }, Path.Combine(_folder, "unused.db"));

        await new AgentRegistry(database, TimeProvider.System).RegisterAsync("impl-1", "implementer", AgentStatuses.Idle, cancellationToken: Token);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Token);
        await using var tables = new NpgsqlCommand("SELECT table_schema, COUNT(*) FROM information_schema.tables WHERE table_schema IN ('coordination', 'public') GROUP BY table_schema", connection);
        var counts = new Dictionary<string, long>();
        await using (var reader = await tables.ExecuteReaderAsync(Token))
            while (await reader.ReadAsync(Token)) counts[reader.GetString(0)] = reader.GetInt64(1);
        Assert.AreEqual(12L, counts["coordination"], "11 tables and __EFMigrationsHistory");
        Assert.IsFalse(counts.ContainsKey("public"), "nothing in public");
        Assert.IsFalse(File.Exists(Path.Combine(_folder, "unused.db")), "no SQLite file on PostgreSQL");
        Assert.IsEmpty(await database.GetPendingMigrationsAsync(Token));
    }

    private async Task<List<string>> AllMigrationsAsync(CoordinationDatabase database)
    {
        await using var context = database.CreateContext();
        return [.. context.Database.GetMigrations()];
    }

    private async Task<List<string>> ShapeAsync(string path)
    {
        var shape = new List<string>();
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.name, c.name, c.type, c."notnull", c.pk FROM sqlite_master t JOIN pragma_table_info(t.name) c
            WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' AND t.name NOT LIKE '__EFMigrations%'
            """;
        await using var reader = await command.ExecuteReaderAsync(Token);
        while (await reader.ReadAsync(Token))
        {
            // SQLite lets a TEXT primary key of the old DDL hold NULL unless it says NOT NULL; EF always says it. No row has one.
            var pk = reader.GetInt64(4);
            shape.Add($"{reader.GetString(0)}.{reader.GetString(1)} {reader.GetString(2)} notnull={(pk > 0 ? "key" : reader.GetInt64(3).ToString(System.Globalization.CultureInfo.InvariantCulture))} pk={pk}");
        }
        return shape;
    }

    private async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Token);
    }

    private async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Token), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(Token);
        return connection;
    }
}
