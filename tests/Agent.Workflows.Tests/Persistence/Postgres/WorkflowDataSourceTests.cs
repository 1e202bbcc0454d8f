using Agent.Testing.Postgres;
using Agent.Workflows.Persistence.PostgreSql;
using Npgsql;

namespace Agent.Workflows.Tests.Persistence.Postgres;

/// <summary>
/// The engine's connection pool returns connections without a reset (Npgsql would otherwise prepend seven reset
/// statements to every commit), unless the connection string asks for one. Observed on a real server through session
/// state that a reset would clear.
/// </summary>
[TestClass]
public sealed class WorkflowDataSourceTests
{
    private static PostgresServer? s_server;

    public TestContext TestContext { get; set; } = null!;
    private CancellationToken Ct => TestContext.CancellationToken;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    [TestMethod]
    public async Task A_connection_returned_to_the_engine_pool_is_not_reset()
    {
        var connectionString = await s_server!.CreateDatabaseAsync("noreset", Ct);
        await using var db = await TestDatabase.CreatePostgreSqlAsync(connectionString, Ct);
        var pool = db.Get<WorkflowDataSource>().DataSource;

        Assert.AreEqual("marked", await SetThenShowAsync(pool));
        Assert.IsTrue(new NpgsqlConnectionStringBuilder(pool.ConnectionString).NoResetOnClose);
    }

    [TestMethod]
    public async Task A_connection_string_that_asks_for_the_reset_gets_it()
    {
        var connectionString = await s_server!.CreateDatabaseAsync("reset", Ct) + ";No Reset On Close=false";
        await using var db = await TestDatabase.CreatePostgreSqlAsync(connectionString, Ct);
        var pool = db.Get<WorkflowDataSource>().DataSource;

        Assert.AreEqual("", await SetThenShowAsync(pool));
    }

    // Sets application_name on one connection, returns it to the pool, and reads the setting on the next one: the pool
    // holds a single idle connection, so the second open gets the same session back.
    private async Task<string> SetThenShowAsync(NpgsqlDataSource pool)
    {
        int backend;
        await using (var first = await pool.OpenConnectionAsync(Ct))
        {
            backend = first.ProcessID;
            await using var set = new NpgsqlCommand("SET application_name = 'marked'", first);
            await set.ExecuteNonQueryAsync(Ct);
        }
        await using var second = await pool.OpenConnectionAsync(Ct);
        Assert.AreEqual(backend, second.ProcessID, "the pool handed out its idle connection again");
        await using var show = new NpgsqlCommand("SHOW application_name", second);
        return (string)(await show.ExecuteScalarAsync(Ct))!;
    }
}
