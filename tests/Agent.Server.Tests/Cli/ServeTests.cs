using Agent.Server.Serve;
using Microsoft.AspNetCore.Builder;

namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class ServeTests
{
    private const string DelayDefinition = """
        {
          "definitionId": "short-delay", "version": 1, "isPublished": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "wait", "type": "Elsa.Delay", "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "00:00:00.300" } } },
              { "id": "done", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "waited" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Serve_imports_workflows_answers_health_and_resumes_expired_delays()
    {
        using var cli = new CliHarness();
        var delayed = (await cli.RunAsync("run", cli.WriteFile("delay.json", DelayDefinition), "--json")).Json();
        Assert.AreEqual("Suspended", delayed.GetProperty("status").GetString());
        var settings = cli.Settings
            .WithOverride("Server:Urls", "http://127.0.0.1:0")
            .WithOverride("Agent:WorkflowsDirectory", Path.Combine(AgentRepository.Root, "workflows"));

        await using var app = AgentServer.Build(settings);
        await app.StartAsync(TestContext.CancellationToken);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var health = await http.GetAsync("/health", TestContext.CancellationToken);
            Assert.AreEqual(System.Net.HttpStatusCode.OK, health.StatusCode);
            Assert.AreEqual("Healthy", await health.Content.ReadAsStringAsync(TestContext.CancellationToken));

            var list = (await cli.RunAsync("workflows", "list", "--json")).Json();
            CollectionAssert.IsSubsetOf(new[] { "approval-demo", "hello", "short-delay" },
                list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("definitionId").GetString()).ToList());

            var id = delayed.GetProperty("instanceId").GetString()!;
            var status = "";
            for (var waited = 0; waited < 15_000 && status != "Finished"; waited += 100)
            {
                await Task.Delay(100, TestContext.CancellationToken);
                status = (await cli.RunAsync("instances", "show", id, "--json")).Json().GetProperty("status").GetString()!;
            }
            Assert.AreEqual("Finished", status, "the server resumes the expired delay bookmark");
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }
}
