using Agent.Testing.Postgres;
using Npgsql;

namespace Agent.Workflows.Tests.Persistence.Postgres;

[TestClass]
[TestCategory("Slow")]
public sealed class PostgresServerTests
{
    [TestMethod]
    public async Task A_started_server_gives_separate_databases_and_is_gone_after_dispose()
    {
        string dataDirectory;
        int port;
        await using (var server = await PostgresServer.StartAsync())
        {
            dataDirectory = server.DataDirectory;
            port = server.Port;
            var first = await server.CreateDatabaseAsync("fixture");
            var second = await server.CreateDatabaseAsync("fixture");
            Assert.AreNotEqual(first, second);

            await using (var connection = new NpgsqlConnection(first))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE TABLE t(x int); INSERT INTO t VALUES (42);", connection);
                await create.ExecuteNonQueryAsync();
            }
            await using (var connection = new NpgsqlConnection(second))
            {
                await connection.OpenAsync();
                await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = 't'", connection);
                Assert.AreEqual(0L, await count.ExecuteScalarAsync(), "a new database starts empty");
                await using var version = new NpgsqlCommand("SHOW server_version_num", connection);
                Assert.IsTrue(int.Parse((string)(await version.ExecuteScalarAsync())!) >= 150000);
            }
        }

        Assert.IsFalse(Directory.Exists(dataDirectory), "the data directory is removed");
        await using var gone = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=2");
        await Assert.ThrowsExactlyAsync<NpgsqlException>(() => gone.OpenAsync());
    }
}
