using System.Net;
using Agent.Activities.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.RepresentationModel;

namespace Agent.Server.Tests.Telemetry;

// Alone: an OpenTelemetry meter provider listens to every meter named "Agent" in the process, so a server another test
// class runs at the same time would add its series to this server's scrape (one server per process in production).
[TestClass]
[DoNotParallelize]
public sealed class MetricsScrapeTests
{
    // A human approval that waits: the approvals gauges must see it in the store.
    private const string ApprovalDefinition = """
        {
          "definitionId": "metrics-approval", "version": 1, "isPublished": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "approve", "type": "Agent.HumanApproval", "title": { "typeName": "String", "expression": { "type": "Literal", "value": "metrics test" } } }
            ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "approve", "port": "In" } } ]
          }
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Scrape_after_a_cycle_has_every_metric_the_alerts_use_and_reads_the_stores()
    {
        await using var server = await MetricsServer.StartAsync(new Dictionary<string, string> { ["metrics-approval"] = ApprovalDefinition }, Token,
            settings: ("Telemetry:ExpectedReplicas", "3"));
        // A real improvement cycle: its target does not exist, so it ends "failed"/"refused" through EndCycle and SummarizeCycle.
        var cycle = await server.RunNowAsync("improvement-cycle", new Dictionary<string, object?> { ["targetPath"] = Path.Combine(server.Folder, "no-such-repository") }, Token);
        Assert.AreEqual(Agent.Workflows.Runtime.WorkflowStatus.Finished, cycle.Status, string.Join("\n", cycle.State.OutputLines));
        await server.ExecuteAsync("metrics-approval", new { }, Token);
        server.Services.GetRequiredService<AgentMetrics>().RecordLeaseTakeover("replica-b");
        using (var api = server.Api())
            Assert.AreEqual(HttpStatusCode.OK, (await api.PostAsync("/api/stop", MetricsServerJson.Of(new { by = "metrics-test", reason = "scrape" }), Token)).StatusCode);

        var samples = await ScrapeAsync(server.Anonymous());

        var names = samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var used = AlertExpressions().SelectMany(PrometheusText.AgentMetricNames).Distinct().ToList();
        Assert.IsNotEmpty(used, "alerts.yaml reads agent_ metrics");
        var missing = used.Where(n => !names.Contains(n)).ToList();
        Assert.IsEmpty(missing, $"alerts.yaml uses metrics /metrics does not export: {string.Join(", ", missing)}; exported: {string.Join(", ", names.Where(n => n.StartsWith("agent_", StringComparison.Ordinal)))}");

        Assert.AreEqual(1, samples.Where(s => s.Name == "agent_cycles_total").Sum(s => s.Value), "the one cycle that ended is counted under its outcome");
        CollectionAssert.IsSubsetOf(new[] { "merged", "failed", "refused" }, samples.Where(s => s.Name == "agent_cycles_total").Select(s => s.Labels["outcome"]).ToList(),
            "every outcome has a series from the start");
        Assert.IsTrue(samples.Any(s => s.Name == "agent_activity_duration_seconds_count" && s.Labels["activity_type"] == "Agent.SummarizeCycle" && s.Value >= 1),
            "the cycle's activities are timed by type");
        Assert.AreEqual(1, Single(samples, "agent_approvals_waiting").Value, "the waiting approval is read from the store");
        Assert.IsGreaterThanOrEqualTo(0, Single(samples, "agent_approvals_oldest_age_seconds").Value);
        Assert.AreEqual(1, Single(samples, "agent_emergency_stop_engaged").Value, "the stop engaged through the API");
        Assert.AreEqual(1, samples.Single(s => s.Name == "agent_lease_takeovers_total" && s.Labels["replica"] == "replica-b").Value);
        Assert.AreEqual(3, Single(samples, "agent_cluster_expected_replicas").Value);
        Assert.AreEqual(0, Single(samples, "agent_cycle_last_merged_timestamp_seconds").Value, "nothing was ever merged");
        Assert.IsTrue(samples.Any(s => s.Name == "agent_budget_used_ratio" && s.Labels["scope"] == "day" && s.Labels["limit"] == "usd"));
        Assert.AreEqual(0, samples.Single(s => s.Name == "agent_task_queue_depth" && s.Labels["status"] == "queued").Value);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Metrics_path_is_anonymous_by_default_and_needs_the_api_key_when_configured()
    {
        await using (var open = await MetricsServer.StartAsync(new Dictionary<string, string>(), Token))
        {
            using var anonymous = open.Anonymous();
            Assert.AreEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/metrics", Token)).StatusCode);
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/approvals", Token)).StatusCode, "only the metrics path is anonymous");
        }
        await using var closed = await MetricsServer.StartAsync(new Dictionary<string, string>(), Token, null,
            ("Telemetry:MetricsRequireAuth", "true"), ("Telemetry:MetricsPath", "/internal/metrics"));
        using (var anonymous = closed.Anonymous())
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/internal/metrics", Token)).StatusCode);
        var samples = await ScrapeAsync(closed.Api(), "/internal/metrics");
        Assert.IsTrue(samples.Any(s => s.Name == "agent_emergency_stop_engaged"));
    }

    [TestMethod]
    public async Task Bad_telemetry_settings_stop_the_server_and_name_the_key()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var server = await MetricsServer.StartAsync(new Dictionary<string, string>(), Token, null,
                ("Telemetry:MetricsPath", "metrics"), ("Telemetry:Otlp:Endpoint", "collector:4317"));
        });
        StringAssert.Contains(error.Message, "Telemetry:MetricsPath");
        StringAssert.Contains(error.Message, "Telemetry:Otlp:Endpoint");
    }

    private static Sample Single(IReadOnlyList<Sample> samples, string name) => samples.Single(s => s.Name == name);

    private async Task<IReadOnlyList<Sample>> ScrapeAsync(HttpClient client, string path = "/metrics")
    {
        using (client)
        {
            var response = await client.GetAsync(path, Token);
            var text = await response.Content.ReadAsStringAsync(Token);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
            StringAssert.StartsWith(response.Content.Headers.ContentType?.MediaType, "text/plain", "Prometheus text format");
            return PrometheusText.Parse(text);
        }
    }

    /// <summary>Every <c>expr</c> of deploy/prometheus/alerts.yaml.</summary>
    internal static IEnumerable<string> AlertExpressions()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(AgentRepository.Root, "deploy", "prometheus", "alerts.yaml"))) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        foreach (var group in ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>())
            foreach (var rule in ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
                yield return ((YamlScalarNode)rule["expr"]).Value!;
    }
}

internal static class MetricsServerJson
{
    public static StringContent Of(object value) => new(System.Text.Json.JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");
}
