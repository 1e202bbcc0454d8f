using System.Net;
using System.Text;
using System.Text.Json;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;

namespace Agent.Activities.Tests.ModelServer;

/// <summary>The server over HTTP, without the CLI: routes, faults, the request log and the in-flight counts.</summary>
[TestClass]
public sealed class ScriptedModelServerTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task The_probe_succeeds_and_unknown_routes_are_404_and_recorded()
    {
        await using var server = new ScriptedModelServer(ScriptLoader.Parse("""{ "rules": [ { "respond": { "text": "x" } } ] }"""));
        using var http = new HttpClient { BaseAddress = await server.StartAsync(Token) };

        using var probe = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"), Token);
        using var unknown = await http.GetAsync("/v1/models", Token);

        Assert.AreEqual(HttpStatusCode.OK, probe.StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("not_found_error", await unknown.Content.ReadAsStringAsync(Token));
        CollectionAssert.AreEqual(new[] { "HEAD /", "GET /v1/models" }, server.Log.Requests.Select(r => $"{r.Method} {r.Path}").ToArray());
        Assert.AreEqual("127.0.0.1", server.BaseUrl!.Host);
    }

    [TestMethod]
    public async Task Latency_delays_each_answer_and_a_rules_own_latency_wins()
    {
        await using var server = new ScriptedModelServer(ScriptLoader.Parse("""
            { "latencyMs": 400, "rules": [ { "respond": { "text": "slow" }, "times": 1 }, { "respond": { "text": "slower" }, "latencyMs": 700 } ] }
            """));
        using var http = new HttpClient { BaseAddress = await server.StartAsync(Token) };
        foreach (var (text, atLeastMs) in new[] { ("slow", 400), ("slower", 700) })
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var response = await http.PostAsync("/v1/messages", Body("""{ "model": "m", "messages": [ { "role": "user", "content": "hi" } ] }"""), Token);
            // A lower bound only: the answer cannot come before its latency, however loaded the machine is.
            Assert.IsGreaterThanOrEqualTo(atLeastMs - 5, started.ElapsedMilliseconds);
            Assert.Contains(text, await response.Content.ReadAsStringAsync(Token));
        }
    }

    [TestMethod]
    public async Task A_request_without_stream_gets_one_JSON_message_and_the_log_redacts_the_key()
    {
        await using var server = new ScriptedModelServer(ScriptLoader.Parse("""{ "rules": [ { "respond": { "text": "plain" } } ] }"""));
        using var http = new HttpClient { BaseAddress = await server.StartAsync(Token) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true") { Content = Body("""{ "model": "m", "messages": [ { "role": "user", "content": "hi" } ] }""") };
        request.Headers.Add("x-api-key", "sk-secret");

        using var response = await http.SendAsync(request, Token);

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement;
        Assert.AreEqual("plain", json.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.AreEqual("m", json.GetProperty("model").GetString());
        var logged = server.Log.MessagesRequests.Single();
        Assert.AreEqual("/v1/messages?beta=true", logged.Path);
        Assert.AreEqual("***", logged.Headers["x-api-key"]);
        Assert.AreEqual("hi", logged.Body!.Value.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [TestMethod]
    public async Task Error_faults_carry_status_type_and_retry_after_then_pass_through()
    {
        await using var server = new ScriptedModelServer(ScriptLoader.Parse("""
            { "rules": [ { "fault": { "status": 429, "retryAfter": 3 }, "times": 1 }, { "fault": { "status": 529 }, "times": 1 }, { "respond": { "text": "ok" } } ] }
            """));
        using var http = new HttpClient { BaseAddress = await server.StartAsync(Token) };

        using var first = await http.PostAsync("/v1/messages", Body("{}"), Token);
        using var second = await http.PostAsync("/v1/messages", Body("{}"), Token);
        using var third = await http.PostAsync("/v1/messages", Body("{}"), Token);

        Assert.AreEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.AreEqual(TimeSpan.FromSeconds(3), first.Headers.RetryAfter?.Delta);
        Assert.Contains("rate_limit_error", await first.Content.ReadAsStringAsync(Token));
        Assert.AreEqual(529, (int)second.StatusCode);
        Assert.Contains("overloaded_error", await second.Content.ReadAsStringAsync(Token));
        Assert.AreEqual(HttpStatusCode.OK, third.StatusCode);
    }

    [TestMethod]
    public async Task A_dropped_connection_gives_the_client_no_response()
    {
        await using var server = new ScriptedModelServer(ScriptLoader.Parse("""{ "rules": [ { "fault": { "dropConnection": true } } ] }"""));
        using var http = new HttpClient { BaseAddress = await server.StartAsync(Token) };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync("/v1/messages", Body("{}"), Token));
    }

    [TestMethod]
    public async Task Stalled_requests_count_as_in_flight_and_the_maximum_is_kept()
    {
        await using var server = new ScriptedModelServer(ScriptLoader.Parse("""{ "rules": [ { "fault": { "stallMs": 300 }, "respond": { "text": "late" } } ] }"""));
        using var http = new HttpClient { BaseAddress = await server.StartAsync(Token) };

        var calls = Enumerable.Range(0, 3).Select(_ => http.PostAsync("/v1/messages", Body("""{ "stream": true }"""), Token)).ToList();
        var responses = await Task.WhenAll(calls);

        Assert.IsTrue(responses.All(r => r.IsSuccessStatusCode));
        Assert.Contains("event: message_stop", await responses[0].Content.ReadAsStringAsync(Token));
        Assert.AreEqual(3, server.Log.MaxInFlight);
        Assert.AreEqual(0, server.Log.InFlight);
        foreach (var response in responses) response.Dispose();
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}
