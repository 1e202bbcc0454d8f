using System.Text.Json;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Webhooks;
using Agent.Activities.Tests.Safety.Redaction;
using Agent.Testing.Http;
using Microsoft.Extensions.Hosting;

namespace Agent.Activities.Tests.Safety.Audit;

public abstract class WebhookTests
{
    private protected Agent.Workflows.Persistence.DatabaseOptions Database { get; private set; } = new();

    private protected abstract Task<Agent.Workflows.Persistence.DatabaseOptions> NewDatabaseAsync();

    private const string Secret = "whsec-test-only-4f1c";
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public async Task CreateFolderAsync()
    {
        _folder = TempFolder.Create("agent-webhook-tests");
        Database = await NewDatabaseAsync();
    }

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private static Dictionary<string, string?> Endpoint(LoopbackHttpServer server, string path, string format = "json", string events = "*", int index = 0) => new()
    {
        [$"Safety:Webhooks:Endpoints:{index}:Url"] = new Uri(server.BaseAddress, path).ToString(),
        [$"Safety:Webhooks:Endpoints:{index}:Secret"] = Secret,
        [$"Safety:Webhooks:Endpoints:{index}:Format"] = format,
        [$"Safety:Webhooks:Endpoints:{index}:Events:0"] = events,
        ["Safety:Webhooks:InitialBackoff"] = "00:01:00",
        ["Safety:Webhooks:MaxBackoff"] = "00:30:00",
    };

    [TestMethod]
    public async Task A_published_event_is_posted_with_its_headers_and_an_hmac_the_receiver_can_verify()
    {
        await using var server = new LoopbackHttpServer().Map("/hook", LoopbackResponse.Json("{}"));
        await using var audit = new AuditServices(_folder, Endpoint(server, "/hook"), database: Database);
        var published = SafetyEvent.Create(SafetyEventKinds.ChangeMerged, "agent", "merged 3f2a1c9 into main", new Dictionary<string, string> { ["cycle"] = "c-7" });

        await audit.Sink.PublishAsync(published, Token);
        var attempts = await audit.Dispatcher.DispatchDueAsync(Token);

        Assert.AreEqual(1, attempts);
        var request = server.RequestsTo("/hook").Single();
        Assert.AreEqual("POST", request.Method);
        Assert.AreEqual("change.merged", request.Headers["X-Agent-Event"]);
        Assert.AreEqual(published.Id, request.Headers["X-Agent-Event-Id"]);
        Assert.IsTrue(WebhookSignature.Verify(Secret, request.Headers["X-Agent-Timestamp"], request.Body, request.Headers["X-Agent-Signature"]), "the signature verifies with the secret");
        Assert.IsFalse(WebhookSignature.Verify("another-secret", request.Headers["X-Agent-Timestamp"], request.Body, request.Headers["X-Agent-Signature"]));
        using var body = JsonDocument.Parse(request.Body);
        Assert.AreEqual(published.Id, body.RootElement.GetProperty("id").GetString());
        Assert.AreEqual("c-7", body.RootElement.GetProperty("data").GetProperty("cycle").GetString());
        Assert.AreEqual(new OutboxCounts(0, 1, 0), await audit.Outbox.CountAsync(Token));
        Assert.AreEqual(0, await audit.Dispatcher.DispatchDueAsync(Token), "a delivered row is not sent again");
    }

    [TestMethod]
    public async Task Failures_are_retried_with_growing_backoff_under_the_same_event_id_until_a_2xx()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = new LoopbackHttpServer().Map("/hook", new LoopbackResponse(500, "{}"), new LoopbackResponse(503, "{}"), LoopbackResponse.Json("{}"));
        await using var audit = new AuditServices(_folder, Endpoint(server, "/hook"), clock, database: Database);
        await audit.PublishAsync(1, Token);

        Assert.AreEqual(1, await audit.Dispatcher.DispatchDueAsync(Token));
        Assert.AreEqual(0, await audit.Dispatcher.DispatchDueAsync(Token), "not due before its backoff");
        clock.Advance(TimeSpan.FromSeconds(44));
        Assert.AreEqual(0, await audit.Dispatcher.DispatchDueAsync(Token), "the first backoff is at least 75 % of one minute");
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.AreEqual(1, await audit.Dispatcher.DispatchDueAsync(Token), "due after at most 125 % of one minute");
        clock.Advance(TimeSpan.FromSeconds(75));
        Assert.AreEqual(0, await audit.Dispatcher.DispatchDueAsync(Token), "the second backoff doubles (at least 90 s)");
        clock.Advance(TimeSpan.FromSeconds(76));
        Assert.AreEqual(1, await audit.Dispatcher.DispatchDueAsync(Token));

        var requests = server.RequestsTo("/hook");
        Assert.HasCount(3, requests);
        Assert.AreEqual(1, requests.Select(r => r.Headers["X-Agent-Event-Id"]).Distinct().Count(), "receivers deduplicate by a stable id");
        Assert.AreEqual(new OutboxCounts(0, 1, 0), await audit.Outbox.CountAsync(Token));
    }

    [TestMethod]
    public void Backoff_doubles_from_the_initial_wait_and_is_capped()
    {
        var settings = new WebhookOptions { InitialBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromMinutes(1) };

        Assert.AreEqual(TimeSpan.FromSeconds(10), WebhookDispatcher.Backoff(1, settings, 0.5));
        Assert.AreEqual(TimeSpan.FromSeconds(40), WebhookDispatcher.Backoff(3, settings, 0.5));
        Assert.AreEqual(TimeSpan.FromSeconds(7.5), WebhookDispatcher.Backoff(1, settings, 0));
        Assert.AreEqual(TimeSpan.FromMinutes(1), WebhookDispatcher.Backoff(9, settings, 1));
    }

    [TestMethod]
    public async Task After_the_last_attempt_a_delivery_is_dead_and_an_incident_is_audited()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = new LoopbackHttpServer().Map("/hook", new LoopbackResponse(500, "{}"));
        var settings = Endpoint(server, "/hook");
        settings["Safety:Webhooks:MaxAttempts"] = "2";
        await using var audit = new AuditServices(_folder, settings, clock, database: Database);
        await audit.PublishAsync(1, Token);

        await audit.Dispatcher.DispatchDueAsync(Token);
        clock.Advance(TimeSpan.FromHours(1));
        await audit.Dispatcher.DispatchDueAsync(Token);
        clock.Advance(TimeSpan.FromHours(1));

        Assert.AreEqual(0, await audit.Dispatcher.DispatchDueAsync(Token));
        Assert.AreEqual(new OutboxCounts(0, 0, 1), await audit.Outbox.CountAsync(Token));
        var incident = (await audit.Log.ListAsync(SafetyEventKinds.Incident, 5, Token)).Single();
        StringAssert.Contains(incident.Summary, "gave up after 2 attempts: HTTP 500");
        Assert.HasCount(2, server.RequestsTo("/hook"), "the incident about a dead delivery is not queued to the failing receiver");
        Assert.IsTrue((await audit.Verifier.VerifyAsync(Token)).Intact);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task What_was_queued_before_a_restart_is_sent_by_the_next_process_dispatcher()
    {
        await using var server = new LoopbackHttpServer().Map("/hook", LoopbackResponse.Json("{}"));
        var settings = Endpoint(server, "/hook");
        settings["Safety:Webhooks:PollInterval"] = "00:00:00.200";
        await using (var before = new AuditServices(_folder, settings, database: Database))
            await before.PublishAsync(3, Token);
        Assert.IsEmpty(server.Requests, "nothing is sent without a dispatcher");

        await using var after = new AuditServices(_folder, settings, database: Database);
        var dispatcher = new WebhookDispatcherService(after.Dispatcher, after.Get<WebhookWakeUp>(), after.Get<Microsoft.Extensions.Options.IOptionsMonitor<WebhookOptions>>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<WebhookDispatcherService>.Instance);
        await dispatcher.StartAsync(Token);
        try
        {
            // Wait for the outbox, not the requests: a delivery is marked after its response arrives, so stopping as
            // soon as the third request is seen could stop the dispatcher between the two.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await after.Outbox.CountAsync(Token)).Delivered < 3 && DateTime.UtcNow < deadline) await Task.Delay(50, Token);
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }

        Assert.HasCount(3, server.RequestsTo("/hook"));
        Assert.AreEqual(new OutboxCounts(0, 3, 0), await after.Outbox.CountAsync(Token));
    }

    [TestMethod]
    public async Task Slack_endpoints_get_a_text_message_with_blocks_and_only_their_subscribed_kinds()
    {
        await using var server = new LoopbackHttpServer().Map("/slack", LoopbackResponse.Json("ok"));
        await using var audit = new AuditServices(_folder, Endpoint(server, "/slack", "slack", SafetyEventKinds.EmergencyStop), database: Database);

        await audit.PublishAsync(2, Token);
        await audit.Sink.PublishAsync(SafetyEvent.Create(SafetyEventKinds.EmergencyStop, "alice", "stop <engaged>", new Dictionary<string, string> { ["reason"] = "runaway" }), Token);
        await audit.Dispatcher.DispatchDueAsync(Token);

        var request = server.RequestsTo("/slack").Single();
        using var body = JsonDocument.Parse(request.Body);
        Assert.AreEqual("[agent] emergency.stop: stop <engaged>", body.RootElement.GetProperty("text").GetString());
        var blocks = body.RootElement.GetProperty("blocks");
        Assert.AreEqual("section", blocks[0].GetProperty("type").GetString());
        StringAssert.Contains(blocks[0].GetProperty("text").GetProperty("text").GetString(), "stop &lt;engaged&gt;");
        StringAssert.Contains(blocks[1].GetProperty("text").GetProperty("text").GetString(), "*reason*: runaway");
    }

    [TestMethod]
    public async Task Secrets_are_redacted_before_the_audit_or_the_outbox_stores_anything()
    {
        await using var server = new LoopbackHttpServer().Map("/hook", LoopbackResponse.Json("{}"));
        await using var audit = new AuditServices(_folder, Endpoint(server, "/hook"), database: Database);
        var secrets = FakeSecrets.All();
        var tokenValue = FakeSecrets.Random(30);
        var data = secrets.ToDictionary(s => s.Name.Replace(' ', '_'), s => s.Text);
        data["github_token"] = tokenValue;

        await audit.Sink.PublishAsync(SafetyEvent.Create(SafetyEventKinds.Incident, "agent", string.Join(" | ", secrets.Select(s => s.Text)), data), Token);
        await audit.Dispatcher.DispatchDueAsync(Token);

        var stored = string.Concat(Directory.GetFiles(_folder).Select(f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        var sent = server.RequestsTo("/hook").Single().Body;
        foreach (var (name, _, secret) in secrets)
        {
            Assert.DoesNotContain(secret, stored, $"{name} reached the database files");
            Assert.DoesNotContain(secret, sent, $"{name} reached the webhook");
        }
        Assert.DoesNotContain(tokenValue, stored, "a secret-named key is masked whole");
        Assert.IsTrue((await audit.Verifier.VerifyAsync(Token)).Intact);
    }

    [TestMethod]
    public void Invalid_endpoints_are_refused_with_the_key_and_what_to_give()
    {
        var options = new WebhookOptions { Endpoints = [new WebhookEndpoint { Url = "ftp://x", Format = "xml", Events = ["change.merge"] }] };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        var messages = string.Join("\n", results.Select(r => $"{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        StringAssert.Contains(messages, "Endpoints:0:Url: 'ftp://x' is not an absolute http(s) URL");
        StringAssert.Contains(messages, "Endpoints:0:Format: 'xml' is not a format; use 'json' or 'slack'");
        StringAssert.Contains(messages, "Endpoints:0:Events: 'change.merge' is not an event kind");
    }
}

[TestClass]
public sealed class SqliteWebhookTests : WebhookTests
{
    private protected override Task<Agent.Workflows.Persistence.DatabaseOptions> NewDatabaseAsync() => Agent.Activities.Tests.Persistence.RawStoreProviders.SqliteAsync();
}

/// <summary>The webhook outbox in schema audit of a real PostgreSQL database, filled in the audit's transaction.</summary>
[TestClass]
public sealed class PostgresWebhookTests : WebhookTests
{
    private static Agent.Testing.Postgres.PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await Agent.Testing.Postgres.PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<Agent.Workflows.Persistence.DatabaseOptions> NewDatabaseAsync() => Agent.Activities.Tests.Persistence.RawStoreProviders.PostgresAsync(s_server, TestContext.CancellationToken);
}
