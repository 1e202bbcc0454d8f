using System.Diagnostics;
using Agent.Activities.Claude;
using Agent.Activities.Safety.Redaction;
using Agent.Activities.Telemetry;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Agent.Workflows.Diagnostics;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using System.Diagnostics.Metrics;
using OpenTelemetry.Trace;

namespace Agent.Server.Tests.Telemetry;

/// <summary>
/// Traces through the OpenTelemetry SDK's in-memory exporter: one trace per instance with a span per activity execution,
/// resumes in the same trace, and a Claude run span with its tokens. Other tests may run workflows in this process at the
/// same time, so every check looks at the spans of its own instance's trace only.
/// </summary>
[TestClass]
public sealed class TracingTests
{
    // Start, a line, a delay the server resumes once it expires, another line: one start run and one resume run.
    private const string DelayDefinition = """
        {
          "definitionId": "traced-delay", "version": 1, "isPublished": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "before", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "before" } } },
              { "id": "wait", "type": "Elsa.Delay", "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "00:00:00.300" } } },
              { "id": "after", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "after" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "before", "port": "In" } },
              { "source": { "activity": "before", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "after", "port": "In" } }
            ]
          }
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task An_instance_is_one_trace_with_a_span_per_activity_and_its_resume_joins_it()
    {
        var spans = new List<Activity>();
        await using var server = await MetricsServer.StartAsync(new Dictionary<string, string> { ["traced-delay"] = DelayDefinition }, Token,
            (services, _) => services.AddOpenTelemetry().WithTracing(t => t.AddSource(WorkflowTelemetry.SourceName).AddInMemoryExporter(spans)));

        var id = await server.ExecuteAsync("traced-delay", new { }, Token);
        var store = server.Services.GetRequiredService<IWorkflowInstanceStore>();
        var status = WorkflowStatus.Suspended;
        for (var waited = 0; waited < 15_000 && status != WorkflowStatus.Finished; waited += 100)
        {
            await Task.Delay(100, Token);
            status = (await store.FindAsync(id, Token))!.Status;
        }
        Assert.AreEqual(WorkflowStatus.Finished, status, "the server resumes the expired delay");

        var trace = WorkflowTelemetry.TraceIdOf(id);
        Assert.AreEqual(id, trace.ToHexString(), "an engine instance id is its trace id, so a tracing UI finds the instance by its id");
        List<Activity> mine;
        lock (spans) mine = spans.Where(s => s.TraceId == trace).ToList();
        var runs = mine.Where(s => s.DisplayName == "workflow traced-delay").ToList();
        Assert.HasCount(2, runs, "the start and the resume are two runs of the one trace");
        Assert.IsTrue(runs.All(r => r.ParentSpanId == default), "each run is a root of the instance's trace, not a child of the HTTP request or poller");
        Assert.AreEqual("Suspended", runs.OrderBy(r => r.StartTimeUtc).First().GetTagItem("workflow.status"));
        Assert.AreEqual("Finished", runs.OrderBy(r => r.StartTimeUtc).Last().GetTagItem("workflow.status"));

        var activities = mine.Where(s => s.DisplayName.StartsWith("activity ", StringComparison.Ordinal)).OrderBy(s => s.StartTimeUtc).ToList();
        CollectionAssert.AreEqual(new[] { "start", "before", "wait", "wait", "after" }, activities.Select(s => (string?)s.GetTagItem(WorkflowTelemetry.ActivityIdTag)).ToList(),
            "a span per activity execution; the delay runs twice: it suspends, then it is resumed");
        Assert.IsTrue(activities.All(a => runs.Any(r => r.SpanId == a.ParentSpanId)), "every activity span hangs under a run span");
        Assert.IsTrue(activities.All(a => (string?)a.GetTagItem(WorkflowTelemetry.InstanceIdTag) == id));
        Assert.AreEqual("Elsa.Delay", activities[2].GetTagItem(WorkflowTelemetry.ActivityTypeTag));
        CollectionAssert.AreEqual(new[] { "Completed", "Completed", "Suspended", "Completed", "Completed" },
            activities.Select(s => (string?)s.GetTagItem(WorkflowTelemetry.ActivityStatusTag)).ToList());
        Assert.AreEqual("Done", activities[1].GetTagItem(WorkflowTelemetry.ActivityOutcomeTag));
        Assert.AreEqual(runs.OrderBy(r => r.StartTimeUtc).Last().SpanId, activities[3].ParentSpanId, "the resumed delay runs under the resume's run span");
    }

    [TestMethod]
    public void An_instance_id_that_is_not_hex_gets_a_stable_trace_id_of_its_own()
    {
        Assert.AreEqual(WorkflowTelemetry.TraceIdOf("nightly-cycle-42"), WorkflowTelemetry.TraceIdOf("nightly-cycle-42"), "every run of the instance finds the same trace");
        Assert.AreNotEqual(WorkflowTelemetry.TraceIdOf("nightly-cycle-42"), WorkflowTelemetry.TraceIdOf("nightly-cycle-43"));
        Assert.AreNotEqual(default, WorkflowTelemetry.TraceIdOf("nightly-cycle-42"));
        var upper = "0123456789ABCDEF0123456789ABCDEF";
        Assert.AreNotEqual(upper.ToLowerInvariant(), WorkflowTelemetry.TraceIdOf(upper).ToHexString(), "only lower-case hex ids are used as they are; others are hashed");
        Assert.AreEqual("0123456789abcdef0123456789abcdef", WorkflowTelemetry.TraceIdOf("0123456789abcdef0123456789abcdef").ToHexString());
        Assert.Throws<ArgumentException>(() => WorkflowTelemetry.TraceIdOf(""));
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task A_claude_run_is_a_span_with_its_tokens_and_cost_and_is_counted()
    {
        var folder = TempFolder.Create("agent-claude-trace");
        try
        {
            await using var model = new ScriptedModelServer(ScriptLoader.Parse("""
                { "rules": [ { "respond": { "text": "Traced.", "usage": { "inputTokens": 1200, "outputTokens": 34 } } } ] }
                """));
            var options = new ClaudeCliOptions
            {
                BaseUrl = (await model.StartAsync(Token)).ToString(), ApiKey = "sk-test-trace", MaxAttempts = 1, DefaultTimeout = TimeSpan.FromSeconds(60),
                ExecutablePath = Path.Combine(AgentRepository.Root, "tools", "claude-code", "node_modules", ".bin", "claude"),
            };
            var spans = new List<Activity>();
            using var tracing = new WorkflowTelemetry();
            // This test's own meter (other tests in the process count Claude runs on meters named "Agent" too).
            using var meters = new OwnMeterFactory();
            using var agentMetrics = new AgentMetrics(new AgentStateProbe(TimeProvider.System), Options.Create(new TelemetryOptions()), meters: meters);
            using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(WorkflowTelemetry.SourceName).AddInMemoryExporter(spans).Build();
            long inputTokens = 0;
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "agent.claude.tokens") l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag is { Key: "kind", Value: "input" }) Interlocked.Add(ref inputTokens, value);
            });
            listener.Start();
            using var limiter = new ClaudeConcurrencyLimiter(Options.Create(options));
            using var log = new ClaudeRunLog(Path.Combine(folder, "runs.db"));
            var runner = new ClaudeRunner(Options.Create(options), limiter, log, new SecretRedactor(), telemetry: new ClaudeRunTelemetry(tracing, agentMetrics));

            // The activity that runs Claude in a workflow: the run's span must hang under it, in the instance's trace.
            ClaudeRunResult result;
            using (var activity = tracing.Source.StartActivity("activity Agent.ClaudeExecute"))
            {
                result = await runner.RunAsync(new ClaudeRunRequest
                {
                    Prompt = "say hi", WorkingDirectory = Directory.CreateDirectory(Path.Combine(folder, "work")).FullName,
                    Environment = new Dictionary<string, string> { ["HOME"] = Directory.CreateDirectory(Path.Combine(folder, "home")).FullName },
                }, cancellationToken: Token);
                Assert.IsNotNull(activity);
            }
            Assert.IsTrue(result.IsSuccess, result.Error);
            Assert.IsGreaterThan(0, result.Usage.InputTokens);

            Activity run, parent;
            lock (spans)
            {
                parent = spans.Single(s => s.DisplayName == "activity Agent.ClaudeExecute");
                run = spans.Single(s => s.DisplayName == "claude run" && s.TraceId == parent.TraceId);
            }
            Assert.AreEqual(parent.SpanId, run.ParentSpanId, "the run's span is a child of the activity that started it");
            Assert.AreEqual(result.Usage.InputTokens, run.GetTagItem(ClaudeRunTelemetry.InputTokensTag));
            Assert.AreEqual(result.Usage.OutputTokens, run.GetTagItem(ClaudeRunTelemetry.OutputTokensTag));
            Assert.AreEqual(result.Usage.CacheReadInputTokens, run.GetTagItem(ClaudeRunTelemetry.CacheReadTokensTag));
            Assert.AreEqual((double)result.CostUsd, run.GetTagItem(ClaudeRunTelemetry.CostTag));
            Assert.AreEqual("success", run.GetTagItem("claude.subtype"));
            Assert.AreEqual(ActivityStatusCode.Unset, run.Status);

            Assert.AreEqual(result.Usage.InputTokens, Interlocked.Read(ref inputTokens), "the run's input tokens are counted");
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    /// <summary>Makes meters scoped to itself, so a listener can tell this test's instruments from any other's.</summary>
    private sealed class OwnMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
