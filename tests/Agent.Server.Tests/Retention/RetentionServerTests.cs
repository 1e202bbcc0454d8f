using System.Net;
using Agent.Server.Serve;

namespace Agent.Server.Tests.Retention;

/// <summary>
/// <c>agent serve</c> sweeps finished instances on <c>Retention:FinishedInstances</c>, and the Studio API answers for
/// what the sweep removed as Elsa does: a deleted instance is 404, a cleared journal is empty.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class RetentionServerTests
{
    public TestContext TestContext { get; set; } = null!;
    private CancellationToken Token => TestContext.CancellationToken;

    private static Dictionary<string, string?> Retention(string mode) => new()
    {
        ["Retention:FinishedInstances:KeepLast"] = "1",
        ["Retention:FinishedInstances:Mode"] = mode,
        ["Retention:FinishedInstances:SweepInterval"] = "00:00:01",
    };

    private static async Task<string> ExecuteAsync(HttpClient api, CancellationToken token)
    {
        var execute = await api.PostAsync($"workflow-definitions/{StudioServer.CycleId}/execute",
            StudioServer.Json(new { versionOptions = "Latest", input = new { discard = false } }), token);
        await execute.JsonAsync();
        return execute.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    [TestMethod]
    public async Task The_sweep_deletes_the_older_instance_and_the_api_answers_404_for_it()
    {
        await using var server = await StudioServer.StartAsync(Token, settingsOverrides: Retention("Delete"));
        using var api = server.Api();
        var older = await ExecuteAsync(api, Token);
        var newer = await ExecuteAsync(api, Token);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await api.GetAsync($"workflow-instances/{older}", Token)).StatusCode != HttpStatusCode.NotFound)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The sweep did not delete the older finished instance within 60 s.");
            await Task.Delay(200, Token);
        }

        await (await api.GetAsync($"workflow-instances/{older}/journal", Token)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.AreEqual("Finished", (await (await api.GetAsync($"workflow-instances/{newer}", Token)).JsonAsync()).GetProperty("status").GetString());
        Assert.AreEqual(10, (await (await api.GetAsync($"workflow-instances/{newer}/journal", Token)).JsonAsync()).GetProperty("totalCount").GetInt64());
        var list = await (await api.PostAsync("workflow-instances", StudioServer.Json(new { page = 0, pageSize = 10 }), Token)).JsonAsync();
        Assert.AreEqual(newer, list.Items().Single().GetProperty("id").GetString());
    }

    [TestMethod]
    public async Task Journal_only_retention_keeps_the_instance_and_the_api_shows_an_empty_journal()
    {
        await using var server = await StudioServer.StartAsync(Token, settingsOverrides: Retention("DeleteJournal"));
        using var api = server.Api();
        var older = await ExecuteAsync(api, Token);
        var newer = await ExecuteAsync(api, Token);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await (await api.GetAsync($"workflow-instances/{older}/journal", Token)).JsonAsync()).GetProperty("totalCount").GetInt64() != 0)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The sweep did not clear the older instance's journal within 60 s.");
            await Task.Delay(200, Token);
        }

        Assert.AreEqual("Finished", (await (await api.GetAsync($"workflow-instances/{older}", Token)).JsonAsync()).GetProperty("status").GetString());
        Assert.AreEqual(0, (await (await api.GetAsync($"activity-executions/list?workflowInstanceId={older}&activityNodeId=root:plan", Token)).JsonAsync()).Items().Count());
        Assert.AreEqual(10, (await (await api.GetAsync($"workflow-instances/{newer}/journal", Token)).JsonAsync()).GetProperty("totalCount").GetInt64());
    }

    [TestMethod]
    [DataRow("Retention:FinishedInstances:KeepLast", "0", "Retention:FinishedInstances:KeepLast is 0")]
    [DataRow("Retention:FinishedInstances:KeepFor", "a week", "Retention:FinishedInstances:KeepFor")]
    public async Task A_server_does_not_start_with_a_bad_retention_value(string key, string value, string expected)
    {
        var failure = await Assert.ThrowsAsync<Exception>(() => StudioServer.StartAsync(Token, settingsOverrides: new Dictionary<string, string?> { [key] = value }));
        StringAssert.Contains(failure.Message, expected);
    }
}
