using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Agent.Server.Tests.Deploy;

/// <summary>
/// /health/live and /health/ready on a real server: open without login (probes carry no token), JSON naming each check,
/// and 503 naming the check that failed when the scheduler stops or the database stops answering.
/// </summary>
[TestClass]
public sealed class HealthProbeTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Live_and_ready_answer_200_without_login_and_list_every_check_while_the_api_stays_closed()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var site = server.Site();

        var live = await ProbeAsync(site, "/health/live", Token);
        Assert.AreEqual(HttpStatusCode.OK, live.Status, live.Body.ToString());
        Assert.AreEqual("Healthy", live.Body.GetProperty("status").GetString());

        var ready = await WaitForReadyAsync(site, Token);
        var checks = Checks(ready);
        CollectionAssert.AreEquivalent(new[] { "database", "migrations", "scheduler" }, checks.Keys.ToArray());
        foreach (var (name, check) in checks)
        {
            Assert.AreEqual("Healthy", check.GetProperty("status").GetString(), name);
            Assert.IsFalse(string.IsNullOrWhiteSpace(check.GetProperty("description").GetString()), $"{name} says what it checked");
        }
        StringAssert.Contains(checks["migrations"].GetProperty("description").GetString(), "workflows, cycle, knowledge, capabilities");

        // The probes are open; nothing else became so.
        Assert.AreEqual(HttpStatusCode.OK, (await site.GetAsync("/health", Token)).StatusCode);
        using var anonymous = server.Anonymous();
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("workflow-definitions", Token)).StatusCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await site.PostAsync("/mcp", StudioServer.Json("{}"), Token)).StatusCode);
    }

    [TestMethod]
    public async Task Ready_answers_503_naming_the_scheduler_while_it_is_in_standby_and_200_once_it_runs_again()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var site = server.Site();
        await WaitForReadyAsync(site, Token);
        var scheduler = await server.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Token);

        await scheduler.Standby(Token);
        var ready = await ProbeAsync(site, "/health/ready", Token);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.Status, ready.Body.ToString());
        var checks = Checks(ready.Body);
        Assert.AreEqual("Unhealthy", checks["scheduler"].GetProperty("status").GetString());
        StringAssert.Contains(checks["scheduler"].GetProperty("description").GetString(), "standby");
        Assert.AreEqual("Healthy", checks["database"].GetProperty("status").GetString(), "only the scheduler failed");
        Assert.AreEqual(HttpStatusCode.OK, (await ProbeAsync(site, "/health/live", Token)).Status, "liveness checks no dependency");

        await scheduler.Start(Token);
        Assert.AreEqual(HttpStatusCode.OK, (await ProbeAsync(site, "/health/ready", Token)).Status);
    }

    [TestMethod]
    public async Task Ready_answers_503_naming_the_database_when_it_stops_answering()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var site = server.Site();
        await WaitForReadyAsync(site, Token);

        // The database file is replaced by something that is not a database, and the pooled connections that still hold
        // the old file are dropped: the next query opens the broken file, as after a lost or damaged volume.
        var database = Path.Combine(server.Folder, "agent.db");
        foreach (var file in Directory.GetFiles(server.Folder, "agent.db*")) File.Move(file, file + ".moved");
        await File.WriteAllTextAsync(database, "this is not a SQLite database, it only has the name of one", Token);
        SqliteConnection.ClearAllPools();

        var ready = await ProbeAsync(site, "/health/ready", Token);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.Status, ready.Body.ToString());
        var check = Checks(ready.Body)["database"];
        Assert.AreEqual("Unhealthy", check.GetProperty("status").GetString());
        StringAssert.Contains(check.GetProperty("description").GetString(), "does not answer");
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, (await site.GetAsync("/health", Token)).StatusCode, "/health keeps its database check");
        Assert.AreEqual(HttpStatusCode.OK, (await ProbeAsync(site, "/health/live", Token)).Status, "liveness checks no dependency");
    }

    [TestMethod]
    public async Task Ready_answers_503_naming_the_database_whose_migrations_are_missing_without_creating_it()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var site = server.Site();
        await WaitForReadyAsync(site, Token);
        var cycle = Path.Combine(server.Folder, ".data", "cycle.db");
        Assert.IsTrue(File.Exists(cycle), "the server migrated the cycle database on start");

        // As after a volume was swapped for an empty one: the process still believes the file is migrated.
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(cycle)!, "cycle.db*")) File.Delete(file);
        var ready = await ProbeAsync(site, "/health/ready", Token);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.Status, ready.Body.ToString());
        var check = Checks(ready.Body)["migrations"];
        Assert.AreEqual("Unhealthy", check.GetProperty("status").GetString());
        StringAssert.Contains(check.GetProperty("description").GetString(), "the cycle database has");
        Assert.IsFalse(File.Exists(cycle), "asking for pending migrations creates no file");
    }

    /// <summary>Polls <c>/health/ready</c> until 200: the scheduler starts once the host has started, a moment after StartAsync.</summary>
    internal static async Task<JsonElement> WaitForReadyAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var ready = await ProbeAsync(client, "/health/ready", cancellationToken);
            if (ready.Status == HttpStatusCode.OK) return ready.Body;
            if (DateTime.UtcNow > deadline) Assert.Fail($"/health/ready did not answer 200 within 30 s; last answer {(int)ready.Status}: {ready.Body}");
            await Task.Delay(100, cancellationToken);
        }
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> ProbeAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.AreEqual("application/json", response.Content.Headers.ContentType?.MediaType, $"{path} answers JSON: {text}");
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static Dictionary<string, JsonElement> Checks(JsonElement body) =>
        body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
}
