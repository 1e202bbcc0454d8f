using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;
using Agent.Server.Serve;

namespace Agent.Server.Tests.Api;

[TestClass]
public sealed class DetectionServeTests
{
    private const string ApiKey = "detection-api-key-0123456789";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Agent_serve_sweeps_on_its_interval_raises_the_incident_once_audits_it_and_stops_spawns()
    {
        using var cli = new CliHarness();
        var database = new CoordinationDatabase(Path.Combine(cli.Folder, ".data", "coordination.db"));
        var registry = new AgentRegistry(database, TimeProvider.System);
        // A parent chain four spawns deep; the default limit is three.
        string? parent = null;
        foreach (var id in new[] { "root", "child-1", "child-2", "child-3", "child-4" })
        {
            await registry.RegisterAsync(id, "implementer", AgentStatuses.Working, parent, Token);
            parent = id;
        }

        await using var app = AgentServer.Build(cli.ServerSettings(("Auth:ApiKeys:0", ApiKey), ("Coordination:Detection:Interval", "00:00:01")));
        await app.StartAsync(Token);
        try
        {
            var incidents = new CoordinationIncidentStore(database);
            for (var waited = 0; (await incidents.ListAsync(null, 10, Token)).Any(i => i.PublishedAt is null) || (await incidents.ListAsync(null, 10, Token)).Count == 0; waited += 100)
            {
                Assert.IsLessThan(20_000, waited, "agent serve raised no incident within 20 s");
                await Task.Delay(100, Token);
            }
            await Task.Delay(2_500, Token); // two more sweeps over the same evidence

            var incident = (await incidents.ListAsync(null, 10, Token)).Single();
            Assert.AreEqual(DetectorNames.RunawaySpawning, incident.Detector);
            StringAssert.Contains(incident.Summary, "child-4 <- child-3 <- child-2 <- child-1 <- root");
            var control = new CoordinationControl(database, TimeProvider.System);
            Assert.IsTrue(await control.IsPausedAsync(Token));
            Assert.IsTrue(await control.AreSpawnsStoppedAsync(Token));

            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ApiKey);
            var audited = await http.GetFromJsonAsync<JsonElement>("/api/audit?kind=coordination.incident", Token);
            Assert.AreEqual(1, audited.GetArrayLength());
            var data = JsonDocument.Parse(audited[0].GetProperty("data").GetString()!).RootElement; // the audit serves data as JSON text
            Assert.AreEqual(incident.Id, data.GetProperty("incidentId").GetString());
        }
        finally { await app.StopAsync(CancellationToken.None); }
    }
}
