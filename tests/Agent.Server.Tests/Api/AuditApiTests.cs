using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Agent.Activities.Safety.Webhooks;
using Agent.Server.Serve;
using Agent.Testing.Http;

namespace Agent.Server.Tests.Api;

[TestClass]
public sealed class AuditApiTests
{
    private const string ApiKey = "audit-api-key-0123456789";
    private const string Secret = "whsec-server-test";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task The_server_sends_what_a_cli_queued_and_what_it_published_itself_and_serves_the_audit()
    {
        using var cli = new CliHarness();
        await using var receiver = new LoopbackHttpServer().Map("/hook", LoopbackResponse.Json("{}"));
        (string, string)[] webhook =
        [
            ("Safety:Webhooks:Endpoints:0:Url", new Uri(receiver.BaseAddress, "/hook").ToString()), ("Safety:Webhooks:Endpoints:0:Secret", Secret),
            ("Safety:Webhooks:PollInterval", "00:00:00.200"),
        ];
        foreach (var (key, value) in webhook) cli.With(key, value);
        Assert.AreEqual(0, (await cli.RunAsync("stop", "--by", "tester", "--reason", "before the server")).ExitCode, "a CLI process queues its event");

        await using var app = AgentServer.Build(cli.ServerSettings([("Auth:ApiKeys:0", ApiKey), .. webhook]));
        await app.StartAsync(Token);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ApiKey);
            Assert.AreEqual(HttpStatusCode.OK, (await http.DeleteAsync("/api/stop?by=ops", Token)).StatusCode);

            for (var waited = 0; receiver.RequestsTo("/hook").Count < 2 && waited < 20_000; waited += 50) await Task.Delay(50, Token);
            var requests = receiver.RequestsTo("/hook");
            var records = await http.GetFromJsonAsync<JsonElement>("/api/audit", Token);
            var verify = await http.GetFromJsonAsync<JsonElement>("/api/audit/verify", Token);
            var unknown = await http.GetAsync("/api/audit?kind=merged", Token);

            Assert.HasCount(2, requests);
            Assert.IsTrue(requests.All(r => WebhookSignature.Verify(Secret, r.Headers["X-Agent-Timestamp"], r.Body, r.Headers["X-Agent-Signature"])));
            CollectionAssert.AreEquivalent(new[] { "engaged", "released" },
                requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("action").GetString()).ToArray());
            Assert.AreEqual(2, records.GetArrayLength());
            Assert.AreEqual("ops", records[0].GetProperty("actor").GetString());
            Assert.IsTrue(verify.GetProperty("intact").GetBoolean());
            Assert.AreEqual(2, verify.GetProperty("records").GetInt32());
            Assert.AreEqual(HttpStatusCode.BadRequest, unknown.StatusCode);
        }
        finally { await app.StopAsync(CancellationToken.None); }
    }
}
