using Agent.Activities.Schedule;
using Agent.Server.Serve;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class ScheduleTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private static string Definition(string id, int version, string cron, string delay = "00:00:00") => $$"""
        {
          "definitionId": "{{id}}", "version": {{version}},
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "cron", "type": "Elsa.Cron", "cronExpression": { "typeName": "String", "expression": { "type": "Literal", "value": "{{cron}}" } } },
              { "id": "tick", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "tick" } } },
              { "id": "wait", "type": "Elsa.Delay", "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "{{delay}}" } } },
              { "id": "done", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "done" } } }
            ],
            "connections": [
              { "source": { "activity": "cron", "port": "Done" }, "target": { "activity": "tick", "port": "In" } },
              { "source": { "activity": "tick", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;

    private async Task PublishAsync(CliHarness cli, string json, string name)
    {
        var imported = await cli.RunAsync("workflows", "import", cli.WriteFile(name, json));
        Assert.AreEqual(0, imported.ExitCode, imported.ToString());
        var id = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("definitionId").GetString()!;
        Assert.AreEqual(0, (await cli.RunAsync("workflows", "publish", id)).ExitCode);
    }

    private static WebApplication Server(CliHarness cli, params (string Key, string Value)[] settings) =>
        AgentServer.Build(cli.ServerSettings([("Server:ExpiredBookmarkPollInterval", "00:00:00.200"), ("Schedule:SyncInterval", "00:00:00.200"), .. settings]));

    private async Task<List<System.Text.Json.JsonElement>> InstancesAsync(CliHarness cli, string id) =>
        [.. (await cli.RunAsync("instances", "list", "--definition", id, "--json")).Json().GetProperty("items").EnumerateArray()];

    [TestMethod]
    public async Task A_cron_every_two_seconds_fires_the_published_definition_and_runs_never_overlap()
    {
        using var cli = new CliHarness();
        await PublishAsync(cli, Definition("every-2s", 1, "*/2 * * * * *", delay: "00:00:03"), "every-2s.json");
        await using var app = Server(cli);
        await app.StartAsync(Token);
        try
        {
            var finished = 0;
            for (var waited = 0; finished < 2 && waited < 60_000; waited += 250)
            {
                await Task.Delay(250, Token);
                finished = (await InstancesAsync(cli, "every-2s")).Count(i => i.GetProperty("status").GetString() == "Finished");
            }
            Assert.IsTrue(finished >= 2, "the schedule fired at least twice");
        }
        finally { await app.StopAsync(CancellationToken.None); }

        var runs = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var item in await InstancesAsync(cli, "every-2s"))
        {
            var shown = (await cli.RunAsync("instances", "show", item.GetProperty("instanceId").GetString()!, "--json")).Json();
            if (shown.GetProperty("status").GetString() != "Finished") continue;
            CollectionAssert.AreEqual(new[] { "tick", "done" }, shown.GetProperty("output").EnumerateArray().Select(o => o.GetString()).ToList(), "the cron trigger completed at once");
            runs.Add((shown.GetProperty("createdAt").GetDateTimeOffset(), shown.GetProperty("finishedAt").GetDateTimeOffset()));
        }
        runs.Sort();
        for (var i = 1; i < runs.Count; i++)
            Assert.IsTrue(runs[i].Start >= runs[i - 1].End, $"run {i} started at {runs[i].Start:O} before run {i - 1} ended at {runs[i - 1].End:O}");
    }

    [TestMethod]
    public async Task Publishing_reschedules_pausing_survives_a_restart_and_retracting_unschedules()
    {
        using var cli = new CliHarness();
        await PublishAsync(cli, Definition("nightly", 1, "0 2 * * *"), "nightly-v1.json");
        await using (var app = Server(cli))
        {
            await app.StartAsync(Token);
            var sync = app.Services.GetRequiredService<QuartzScheduleSync>();
            await sync.SyncAsync(false, Token);
            Assert.AreEqual(new TimeSpan(2, 0, 0), (await sync.NextFireAsync("nightly", Token))!.Value.TimeOfDay);

            await PublishAsync(cli, Definition("nightly", 2, "30 3 * * *"), "nightly-v2.json");
            await sync.SyncAsync(false, Token);
            Assert.AreEqual(new TimeSpan(3, 30, 0), (await sync.NextFireAsync("nightly", Token))!.Value.TimeOfDay, "the new version's cron replaced the old one");

            var paused = await cli.RunAsync("schedule", "pause", "nightly");
            Assert.AreEqual(0, paused.ExitCode, paused.ToString());
            await sync.SyncAsync(false, Token);
            Assert.IsNull(await sync.NextFireAsync("nightly", Token));
            await app.StopAsync(CancellationToken.None);
        }
        await using (var restarted = Server(cli))
        {
            await restarted.StartAsync(Token);
            var sync = restarted.Services.GetRequiredService<QuartzScheduleSync>();
            await sync.SyncAsync(false, Token);
            Assert.IsNull(await sync.NextFireAsync("nightly", Token), "the pause was kept across the restart");
            var list = await cli.RunAsync("schedule", "list");
            StringAssert.Contains(list.Output, "paused");
            StringAssert.Contains(list.Output, "30 3 * * *");

            Assert.AreEqual(0, (await cli.RunAsync("schedule", "resume", "nightly")).ExitCode);
            await sync.SyncAsync(false, Token);
            Assert.IsNotNull(await sync.NextFireAsync("nightly", Token));

            await restarted.Services.GetRequiredService<WorkflowDefinitionService>().RetractAsync("nightly", Token);
            var entries = await sync.SyncAsync(false, Token);
            Assert.AreEqual(0, entries.Count);
            Assert.IsNull(await sync.NextFireAsync("nightly", Token), "retracting unscheduled it");
            await restarted.StopAsync(CancellationToken.None);
        }
    }

    [TestMethod]
    public async Task A_bad_cron_is_rejected_at_import_and_nothing_is_stored()
    {
        using var cli = new CliHarness();
        foreach (var (cron, message) in new[] { ("61 * * * *", "not a valid cron expression"), ("0 0 1 * 1", "both the day of month and the day of week") })
        {
            var result = await cli.RunAsync("workflows", "import", cli.WriteFile("bad.json", Definition("bad-cron", 1, cron)));
            StringAssert.Contains(result.Output + result.Error, message, result.ToString());
            Assert.AreEqual(0, (await cli.RunAsync("workflows", "list", "--json")).Json().GetProperty("items").GetArrayLength());
        }
        var trigger = await cli.RunAsync("schedule", "trigger", "bad-cron");
        Assert.AreEqual(2, trigger.ExitCode);
        StringAssert.Contains(trigger.Error, "is not scheduled");
    }

    [TestMethod]
    public async Task On_start_a_fire_missed_while_down_runs_once_with_FireOnceNow_and_not_with_Skip()
    {
        foreach (var policy in new[] { "FireOnceNow", "Skip" })
        {
            using var cli = new CliHarness();
            await PublishAsync(cli, Definition("yearly", 1, "0 0 1 1 *"), "yearly.json");
            // The last fire was two years ago, so at least one yearly fire was missed while the server was down.
            await new ScheduleStateStore(cli.DatabasePath).RecordFireAsync("yearly", DateTimeOffset.UtcNow.AddYears(-2), null, "Finished", Token);
            await using var app = Server(cli, ("Schedule:MisfirePolicy", policy));
            await app.StartAsync(Token);
            try
            {
                var sync = app.Services.GetRequiredService<QuartzScheduleSync>();
                for (var waited = 0; await sync.NextFireAsync("yearly", Token) is null && waited < 30_000; waited += 100) await Task.Delay(100, Token);
                if (policy == "FireOnceNow")
                {
                    var count = 0;
                    for (var waited = 0; count == 0 && waited < 30_000; waited += 100) { await Task.Delay(100, Token); count = (await InstancesAsync(cli, "yearly")).Count; }
                    Assert.AreEqual(1, count, "two missed fires are caught up as one");
                }
                else Assert.AreEqual(0, (await InstancesAsync(cli, "yearly")).Count, "Skip drops the missed fire");
            }
            finally { await app.StopAsync(CancellationToken.None); }
        }
    }

    [TestMethod]
    public async Task Schedule_trigger_runs_now_and_is_skipped_while_an_instance_waits()
    {
        using var cli = new CliHarness();
        await PublishAsync(cli, Definition("manual", 1, "0 2 * * *", delay: "01:00:00"), "manual.json");

        var first = await cli.RunAsync("schedule", "trigger", "manual");
        var second = await cli.RunAsync("schedule", "trigger", "manual");

        Assert.AreEqual(0, first.ExitCode, first.ToString());
        StringAssert.Contains(first.Output, "Suspended");
        Assert.AreEqual(1, second.ExitCode);
        StringAssert.Contains(second.Error, "still waiting");
        var list = await cli.RunAsync("schedule", "list", "--json");
        StringAssert.Contains(list.Output, "skipped: an instance of this definition is still waiting");
    }

    [TestMethod]
    public async Task While_the_emergency_stop_is_set_scheduled_fires_are_refused()
    {
        using var cli = new CliHarness();
        await PublishAsync(cli, Definition("stopped", 1, "0 2 * * *"), "stopped.json");
        Assert.AreEqual(0, (await cli.RunAsync("stop", "--reason", "maintenance")).ExitCode);

        var refused = await cli.RunAsync("schedule", "trigger", "stopped");
        Assert.AreEqual(1, refused.ExitCode);
        StringAssert.Contains(refused.Error, "emergency stop is active");
        Assert.AreEqual(0, (await InstancesAsync(cli, "stopped")).Count);

        Assert.AreEqual(0, (await cli.RunAsync("stop", "--clear")).ExitCode);
        Assert.AreEqual(0, (await cli.RunAsync("schedule", "trigger", "stopped")).ExitCode);
        Assert.AreEqual(1, (await InstancesAsync(cli, "stopped")).Count);
    }
}
