using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agent.Server.Serve;
using Microsoft.AspNetCore.Builder;
using ModelContextProtocol;
using static Agent.Server.Tests.Cli.McpTestClient;

namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class ApprovalSurfaceTests
{
    private const string Definition = """
        {
          "definitionId": "approval-surface", "version": 1, "isPublished": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "approve", "type": "Agent.HumanApproval",
                "title": { "typeName": "String", "expression": { "type": "Literal", "value": "Merge agent/fix-calc" } },
                "diffStat": { "typeName": "String", "expression": { "type": "Literal", "value": " src/Calc.cs | +1 -1" } } },
              { "id": "merged", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "merged" } } },
              { "id": "discarded", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "discarded" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "approve", "port": "In" } },
              { "source": { "activity": "approve", "port": "Approved" }, "target": { "activity": "merged", "port": "In" } },
              { "source": { "activity": "approve", "port": "Rejected" }, "target": { "activity": "discarded", "port": "In" } }
            ]
          }
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task An_approval_survives_a_killed_server_and_agent_approve_resumes_it()
    {
        using var cli = new CliHarness();
        var file = cli.WriteFile("approval.json", Definition);
        var instanceId = (await cli.RunAsync("run", file, "--json")).Json().GetProperty("instanceId").GetString()!;

        string approvalId;
        await using (var server = await ServerProcess.StartAsync(cli, Token))
        {
            var pending = await server.Http.GetFromJsonAsync<JsonElement>("/api/approvals", Token);
            Assert.AreEqual(1, pending.GetArrayLength(), server.Log);
            approvalId = pending[0].GetProperty("id").GetString()!;
            Assert.AreEqual("Merge agent/fix-calc", pending[0].GetProperty("title").GetString());
            server.Kill();
        }
        await using (var restarted = await ServerProcess.StartAsync(cli, Token))
        {
            var listed = await cli.RunAsync("approvals");
            Assert.AreEqual(0, listed.ExitCode, listed.ToString());
            StringAssert.Contains(listed.Output, approvalId);
            StringAssert.Contains(listed.Output, "src/Calc.cs | +1 -1");

            var approved = await cli.RunAsync("approve", approvalId, "--by", "ada", "--comment", "ship it");
            Assert.AreEqual(0, approved.ExitCode, approved.ToString());
            StringAssert.Contains(approved.Output, "Finished");

            var again = await cli.RunAsync("reject", approvalId, "--by", "bob");
            Assert.AreEqual(2, again.ExitCode);
            StringAssert.Contains(again.Error, "already approved by ada");
            var history = (await restarted.Http.GetFromJsonAsync<JsonElement>("/api/approvals/history", Token))[0];
            Assert.AreEqual(("Approved", "ada", "ship it"), (history.GetProperty("decision").GetString(), history.GetProperty("by").GetString(), history.GetProperty("comment").GetString()));
        }
        var instance = (await cli.RunAsync("instances", "show", instanceId, "--json")).Json();
        Assert.AreEqual("Finished", instance.GetProperty("status").GetString());
        Assert.AreEqual("merged", instance.GetProperty("output")[0].GetString());
    }

    [TestMethod]
    public async Task Rest_decides_exactly_once_under_concurrent_posts_and_reports_bad_input()
    {
        using var cli = new CliHarness();
        var file = cli.WriteFile("approval.json", Definition);
        await cli.RunAsync("run", file, "--json");
        await using var server = await ServerProcess.StartAsync(cli, Token);
        var id = (await server.Http.GetFromJsonAsync<JsonElement>("/api/approvals", Token))[0].GetProperty("id").GetString()!;

        Assert.AreEqual(HttpStatusCode.BadRequest, (await server.Http.PostAsJsonAsync($"/api/approvals/{id}", new { decision = "perhaps", by = "ada" }, Token)).StatusCode);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await server.Http.PostAsJsonAsync($"/api/approvals/{id}", new { decision = "approve" }, Token)).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await server.Http.PostAsJsonAsync("/api/approvals/nope", new { decision = "approve", by = "ada" }, Token)).StatusCode);

        var posts = Enumerable.Range(0, 6).Select(i => server.Http.PostAsJsonAsync($"/api/approvals/{id}",
            new { decision = i % 2 == 0 ? "approve" : "reject", by = $"person-{i}", comment = "race" }, Token)).ToList();
        var codes = (await Task.WhenAll(posts)).Select(r => r.StatusCode).ToList();

        Assert.AreEqual(1, codes.Count(c => c == HttpStatusCode.OK), string.Join(",", codes));
        Assert.AreEqual(5, codes.Count(c => c == HttpStatusCode.Conflict), string.Join(",", codes));
        Assert.AreEqual(0, (await server.Http.GetFromJsonAsync<JsonElement>("/api/approvals", Token)).GetArrayLength());
        Assert.AreEqual(1, (await server.Http.GetFromJsonAsync<JsonElement>("/api/approvals/history", Token)).GetArrayLength());
    }

    [TestMethod]
    public async Task The_mcp_tools_list_and_decide_approvals()
    {
        using var cli = new CliHarness();
        var file = cli.WriteFile("approval.json", Definition);
        var instanceId = (await cli.RunAsync("run", file, "--json")).Json().GetProperty("instanceId").GetString()!;
        var settings = cli.ServerSettings(("Auth:ApiKeys:0", ServerProcess.ApiKey));
        await using var app = AgentServer.Build(settings);
        await app.StartAsync(Token);
        try
        {
            await using var client = await McpTestClient.ConnectAsync(new Uri(app.Urls.First()), ServerProcess.ApiKey, Token);
            var list = JsonDocument.Parse(Text(await client.CallToolAsync("approvals_list", new Dictionary<string, object?>(), cancellationToken: Token))).RootElement;
            var id = list[0].GetProperty("id").GetString()!;

            var decided = JsonDocument.Parse(Text(await client.CallToolAsync("approval_decide",
                new Dictionary<string, object?> { ["id"] = id, ["decision"] = "reject", ["by"] = "claude", ["comment"] = "not convinced" }, cancellationToken: Token))).RootElement;
            var twice = await Assert.ThrowsAsync<McpException>(() => client.CallToolAsync("approval_decide",
                new Dictionary<string, object?> { ["id"] = id, ["decision"] = "approve", ["by"] = "someone" }, cancellationToken: Token).AsTask());

            Assert.AreEqual("Rejected", decided.GetProperty("decision").GetString());
            StringAssert.Contains(twice.Message, "already rejected by claude");
            var instance = (await cli.RunAsync("instances", "show", instanceId, "--json")).Json();
            Assert.AreEqual("discarded", instance.GetProperty("output")[0].GetString());
        }
        finally { await app.StopAsync(CancellationToken.None); }
    }
}
