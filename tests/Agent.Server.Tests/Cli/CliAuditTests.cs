using Microsoft.Data.Sqlite;

namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class CliAuditTests
{
    [TestMethod]
    public async Task Stop_and_clear_are_audited_listed_newest_first_and_verify_until_the_database_is_edited()
    {
        using var cli = new CliHarness();
        Assert.AreEqual(0, (await cli.RunAsync("stop", "--reason", "runaway loop", "--by", "tester")).ExitCode);
        Assert.AreEqual(0, (await cli.RunAsync("stop", "--clear", "--by", "tester")).ExitCode);

        var list = await cli.RunAsync("audit", "--json");
        var intact = await cli.RunAsync("audit", "verify");
        var latest = await cli.RunAsync("audit", "--kind", "emergency.stop", "--limit", "1");

        Assert.AreEqual(0, list.ExitCode, list.ToString());
        var records = list.Json().EnumerateArray().ToList();
        Assert.HasCount(2, records);
        Assert.AreEqual(2, records[0].GetProperty("seq").GetInt64());
        Assert.AreEqual("released", records[0].GetProperty("data").GetProperty("action").GetString());
        Assert.AreEqual("engaged", records[1].GetProperty("data").GetProperty("action").GetString());
        Assert.AreEqual("runaway loop", records[1].GetProperty("data").GetProperty("reason").GetString());
        Assert.AreEqual("tester", records[1].GetProperty("actor").GetString());
        Assert.AreEqual(0, intact.ExitCode, intact.ToString());
        StringAssert.Contains(intact.Output, "2 records, chain intact.");
        StringAssert.Contains(latest.Output, "released by tester");
        Assert.DoesNotContain("engaged by", latest.Output);

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(cli.Folder, ".data", "audit.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone else' WHERE seq = 1;";
            Assert.AreEqual(1, await command.ExecuteNonQueryAsync());
        }
        var tampered = await cli.RunAsync("audit", "verify");
        var json = await cli.RunAsync("audit", "verify", "--json");

        Assert.AreEqual(1, tampered.ExitCode, tampered.ToString());
        StringAssert.Contains(tampered.Output, "Audit log tampered with at seq 1: Record seq 1");
        StringAssert.Contains(tampered.Output, "was edited");
        Assert.AreEqual(1, json.ExitCode);
        Assert.IsFalse(json.Json().GetProperty("intact").GetBoolean());
        Assert.AreEqual(1, json.Json().GetProperty("brokenAtSeq").GetInt64());
    }

    [TestMethod]
    public async Task An_unknown_kind_or_limit_is_bad_input_naming_the_kinds()
    {
        using var cli = new CliHarness();

        var kind = await cli.RunAsync("audit", "--kind", "merged");
        var limit = await cli.RunAsync("audit", "--limit", "0");
        var empty = await cli.RunAsync("audit");

        Assert.AreEqual(2, kind.ExitCode, kind.ToString());
        StringAssert.Contains(kind.Error, "--kind 'merged' is not an event kind; use one of: approval.requested");
        Assert.AreEqual(2, limit.ExitCode, limit.ToString());
        StringAssert.Contains(limit.Error, "--limit is 0; give 1 or more.");
        Assert.AreEqual(0, empty.ExitCode, empty.ToString());
        StringAssert.Contains(empty.Output, "The audit log is empty.");
    }

    [TestMethod]
    public async Task Invalid_webhook_settings_stop_the_command_with_exit_code_2_naming_the_key()
    {
        using var cli = new CliHarness().With("Safety:Webhooks:Endpoints:0:Url", "hooks.example.com/agent").With("Safety:Webhooks:Endpoints:0:Events:0", "merged");

        var result = await cli.RunAsync("audit");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "Safety:Webhooks:Endpoints:0:Url: 'hooks.example.com/agent' is not an absolute http(s) URL");
        StringAssert.Contains(result.Error, "Safety:Webhooks:Endpoints:0:Events: 'merged' is not an event kind");
    }

    [TestMethod]
    public async Task A_cli_verb_sends_the_webhooks_it_queued_before_it_exits_and_leaves_failures_in_the_outbox()
    {
        await using var receiver = new Agent.Testing.Http.LoopbackHttpServer()
            .Map("/ok", Agent.Testing.Http.LoopbackResponse.Json("{}"))
            .Map("/down", new Agent.Testing.Http.LoopbackResponse(503, "{}"));
        using var cli = new CliHarness()
            .With("Safety:Webhooks:Endpoints:0:Url", new Uri(receiver.BaseAddress, "/ok").ToString())
            .With("Safety:Webhooks:Endpoints:1:Url", new Uri(receiver.BaseAddress, "/down").ToString())
            .With("Safety:Webhooks:Endpoints:1:Events:0", "emergency.stop")
            .With("Safety:Webhooks:InitialBackoff", "00:00:00.001").With("Safety:Webhooks:MaxBackoff", "00:00:00.002");

        var stop = await cli.RunAsync("stop", "--by", "tester");

        Assert.AreEqual(0, stop.ExitCode, stop.ToString());
        Assert.HasCount(1, receiver.RequestsTo("/ok"), "sent before the command returned");
        Assert.HasCount(1, receiver.RequestsTo("/down"), "tried once; the retry waits in the outbox");
        Assert.AreEqual("emergency.stop", receiver.RequestsTo("/ok")[0].Headers["X-Agent-Event"]);

        await Task.Delay(50);
        Assert.AreEqual(0, (await cli.RunAsync("audit")).ExitCode);
        Assert.HasCount(1, receiver.RequestsTo("/down"), "a verb that queued nothing sends nothing, not even a due retry");
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(cli.Folder, ".data", "audit.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT url, status, attempts FROM webhook_outbox ORDER BY url";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add($"{new Uri(reader.GetString(0)).AbsolutePath} {reader.GetString(1)} {reader.GetInt32(2)}");
        CollectionAssert.AreEqual(new[] { "/down pending 1", "/ok delivered 1" }, rows);
    }
}
