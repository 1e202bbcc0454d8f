using System.Diagnostics;
using System.Text.Json;
using Agent.Testing.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Agent.Server.Tests.Cli;

/// <summary>
/// The real <c>agent</c> (agent.dll built beside the tests) with <c>Database__Provider=PostgreSql</c>: a workflow run by
/// one process suspends, a second process resumes it, and the workflow engine's data is in PostgreSQL only.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class CliPostgreSqlTests
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
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task A_run_suspended_by_one_process_is_resumed_by_another_all_on_postgresql()
    {
        using var cli = new CliHarness();
        var database = await s_server!.CreateDatabaseAsync("cli", Ct);

        var started = await AgentAsync(cli, database, "run", AgentRepository.Workflow("approval-demo.json"), "--json");
        Assert.AreEqual(0, started.ExitCode, started.ToString());
        var run = started.Json();
        Assert.AreEqual("Suspended", run.GetProperty("status").GetString(), started.ToString());
        var instanceId = run.GetProperty("instanceId").GetString()!;
        var bookmark = run.GetProperty("bookmarks")[0];
        Assert.AreEqual("approve", bookmark.GetProperty("name").GetString());

        var resumed = await AgentAsync(cli, database, "resume", bookmark.GetProperty("id").GetString()!, "--json");

        Assert.AreEqual(0, resumed.ExitCode, resumed.ToString());
        var json = resumed.Json();
        Assert.AreEqual(instanceId, json.GetProperty("instanceId").GetString());
        Assert.AreEqual("Finished", json.GetProperty("status").GetString());
        CollectionAssert.Contains(json.GetProperty("output").EnumerateArray().Select(e => e.GetString()).ToList(), "Approved.");

        Assert.AreEqual("Finished", await ScalarAsync(database, $"SELECT status FROM workflows.instances WHERE id = '{instanceId}'"));
        Assert.AreEqual(0L, await ScalarAsync(database, "SELECT count(*) FROM workflows.bookmarks"), "the resumed bookmark is gone");
        Assert.AreEqual("approval-demo", await ScalarAsync(database, "SELECT \"definitionId\" FROM workflows.definitions"));
        Assert.IsFalse(HasInstancesTable(cli.DatabasePath), "nothing of the engine went to the SQLite file");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task Agent_serve_on_postgresql_resumes_an_instance_a_cli_process_suspended()
    {
        using var cli = new CliHarness();
        var database = await s_server!.CreateDatabaseAsync("serve", Ct);
        var started = await AgentAsync(cli, database, "run", AgentRepository.Workflow("approval-demo.json"), "--json");
        Assert.AreEqual(0, started.ExitCode, started.ToString());
        var instanceId = started.Json().GetProperty("instanceId").GetString()!;
        var bookmarkId = started.Json().GetProperty("bookmarks")[0].GetProperty("id").GetString()!;

        await using var server = await ServerProcess.StartAsync(cli, Ct, ("Database:Provider", "PostgreSql"), ("Database:ConnectionString", database));
        using var response = await server.Http.PostAsync($"/elsa/api/bookmarks/{bookmarkId}/resume",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Ct);

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.IsTrue(response.IsSuccessStatusCode, $"{response.StatusCode}: {body}\n{server.Log}");
        Assert.AreEqual("Finished", JsonDocument.Parse(body).RootElement.GetProperty("subStatus").GetString(), body);
        Assert.AreEqual("Finished", await ScalarAsync(database, $"SELECT status FROM workflows.instances WHERE id = '{instanceId}'"));
    }

    [TestMethod]
    public async Task PostgreSql_without_a_connection_string_exits_2_naming_the_key()
    {
        using var cli = new CliHarness();
        cli.With("Database:Provider", "PostgreSql");

        var result = await cli.RunAsync("instances", "list");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("Database:ConnectionString", result.Error);
        Assert.DoesNotContain("   at ", result.Error, "no stack trace");
    }

    [TestMethod]
    public async Task An_unreachable_server_fails_with_the_key_and_what_to_do()
    {
        using var cli = new CliHarness();
        cli.With("Database:Provider", "PostgreSql").With("Database:ConnectionString", "Host=127.0.0.1;Port=1;Database=agent;Username=agent;Timeout=3");

        var result = await cli.RunAsync("instances", "list");

        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        Assert.Contains("Database:ConnectionString", result.Error);
        Assert.Contains("Check that the server runs", result.Error);
        Assert.DoesNotContain("   at ", result.Error, "no stack trace");
    }

    private async Task<CliResult> AgentAsync(CliHarness cli, string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cli.Folder };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "agent.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["AGENT_ROOT"] = cli.Folder;
        start.Environment["AGENT_Persistence__DatabasePath"] = cli.DatabasePath;
        // The way a container sets it: plain .NET environment variables, no AGENT_ prefix.
        start.Environment["Database__Provider"] = "PostgreSql";
        start.Environment["Database__ConnectionString"] = connectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        try
        {
            await process.WaitForExitAsync(Ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new CliResult(process.ExitCode, await output, await error);
    }

    private async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }

    private static bool HasInstancesTable(string sqliteFile)
    {
        if (!File.Exists(sqliteFile)) return false;
        using var connection = new SqliteConnection($"Data Source={sqliteFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'instances'";
        return (long)command.ExecuteScalar()! > 0;
    }
}
