using Agent.Testing.Postgres;
using Npgsql;

namespace Agent.Server.Tests.Backup;

/// <summary>With <c>Database:Provider=PostgreSql</c> a backup is a <c>pg_dump</c> of the real server's database, and restore brings dropped and changed tables back.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class BackupPostgresTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_dump_restores_dropped_and_changed_tables_with_their_rows()
    {
        await using var server = await PostgresServer.StartAsync(Token);
        var connectionString = await server.CreateDatabaseAsync("backup", Token);
        await ExecuteAsync(connectionString, """
            CREATE SCHEMA workflows;
            CREATE TABLE workflows.instances (id text PRIMARY KEY, status text NOT NULL);
            INSERT INTO workflows.instances VALUES ('i1', 'Suspended'), ('i2', 'Finished');
            CREATE TABLE knowledge (id int PRIMARY KEY, lesson text NOT NULL);
            INSERT INTO knowledge SELECT n, 'lesson ' || n FROM generate_series(1, 50) n;
            """);
        using var world = new BackupWorld();
        world.Cli.With("Database:Provider", "PostgreSql").With("Database:ConnectionString", connectionString).With("Backup:PostgresBinDirectory", server.BinDirectory);
        var before = await RowsAsync(connectionString);

        var id = await world.CreateBackupAsync();
        var verify = await world.Cli.RunAsync("backup", "verify", id);
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(world.BackupDirectory, id, "postgres", "database.dump")));

        await ExecuteAsync(connectionString, """
            DROP TABLE knowledge;
            UPDATE workflows.instances SET status = 'Cancelled';
            ALTER TABLE workflows.instances ADD COLUMN extra int;
            INSERT INTO workflows.instances VALUES ('i3', 'Running', 1);
            """);
        var restored = await world.Cli.RunAsync("backup", "restore", id);

        Assert.AreEqual(0, restored.ExitCode, restored.ToString());
        CollectionAssert.AreEqual(before, await RowsAsync(connectionString), "every row is back, the added row and column are gone");
    }

    [TestMethod]
    public async Task A_PostgreSQL_backup_is_refused_under_the_SQLite_provider_and_a_damaged_dump_is_refused()
    {
        await using var server = await PostgresServer.StartAsync(Token);
        var connectionString = await server.CreateDatabaseAsync("backup", Token);
        await ExecuteAsync(connectionString, "CREATE TABLE knowledge (id int PRIMARY KEY, lesson text NOT NULL); INSERT INTO knowledge VALUES (1, 'kept');");
        using var world = new BackupWorld();
        world.Cli.With("Database:Provider", "PostgreSql").With("Database:ConnectionString", connectionString).With("Backup:PostgresBinDirectory", server.BinDirectory);
        var id = await world.CreateBackupAsync();

        world.Cli.With("Database:Provider", "Sqlite");
        var wrongProvider = await world.Cli.RunAsync("backup", "restore", id);
        Assert.AreEqual(2, wrongProvider.ExitCode, wrongProvider.ToString());
        StringAssert.Contains(wrongProvider.Error, "holds PostgreSql data but Database:Provider is Sqlite");

        world.Cli.With("Database:Provider", "PostgreSql");
        await ExecuteAsync(connectionString, "UPDATE knowledge SET lesson = 'changed';");
        var dump = Path.Combine(world.BackupDirectory, id, "postgres", "database.dump");
        using (var stream = new FileStream(dump, FileMode.Open)) stream.SetLength(stream.Length / 2);
        var damaged = await world.Cli.RunAsync("backup", "restore", id);
        Assert.AreEqual(2, damaged.ExitCode, damaged.ToString());
        StringAssert.Contains(damaged.Error, "is damaged and was not restored");
        CollectionAssert.AreEqual(new[] { "knowledge:1|changed" }, await RowsAsync(connectionString), "the database is untouched");
    }

    private async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    // Every row of every user table as "table:col1|col2…", sorted: a before/after comparison of the whole database.
    private async Task<List<string>> RowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Token);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync(Token))
            while (await reader.ReadAsync(Token)) tables.Add(reader.GetString(0));
        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT * FROM {table}", connection);
            await using var reader = await select.ExecuteReaderAsync(Token);
            while (await reader.ReadAsync(Token))
                rows.Add($"{table.Replace("public.", "", StringComparison.Ordinal)}:{string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i)))}");
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
