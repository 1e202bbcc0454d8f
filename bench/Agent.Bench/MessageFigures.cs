using System.Diagnostics;
using Agent.Activities.Coordination;
using Agent.Activities.Coordination.Messaging;
using Agent.Workflows;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Bench;

/// <summary>
/// Figure <c>messages</c>: <c>message-delivery-p95-ms</c>, one <see cref="MessageBus.SendAsync"/> of a <c>task</c> to an
/// agent whose workflow waits in <c>Agent.ReceiveMessage</c>, timed until the call returns — the message validated and
/// stored, the waiting bookmark found and resumed, the message claimed and acked by the activity, and the instance
/// committed Finished. Real SQLite files (the engine's and <c>coordination.db</c>), four agents each with a waiting
/// workflow (the default <c>Coordination:MaxAgents</c>), round robin; after each send a new waiting workflow replaces the
/// finished one (not timed). The sends are timed in rounds; the figure is the median of the rounds' p95, with its spread.
/// </summary>
public sealed class MessageFigures(BenchOptions options, Report report)
{
    private const int Agents = 4;
    private int Rounds => options.Quick ? 3 : 5;
    private int PerRound => options.Quick ? 100 : 200;

    private static string Receiver(string agent) => $$"""
        {
          "id": "worker-{{agent}}-v1", "definitionId": "worker-{{agent}}", "version": 1, "isPublished": true, "isLatest": true,
          "root": { "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "recv", "type": "Agent.ReceiveMessage", "agentId": { "typeName": "String", "expression": { "type": "Literal", "value": "{{agent}}" } },
                "messageType": { "typeName": "String", "expression": { "type": "Literal", "value": "task" } } }
            ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "recv", "port": "In" } } ] }
        }
        """;

    public async Task RunAsync()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "agent-bench-messages", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Coordination:DatabasePath"] = "coordination.db" }).Build();
            var services = new ServiceCollection();
            services.AddWorkflowEngine();
            services.AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(folder, "agent.db"));
            services.AddCoordination(configuration.GetSection(CoordinationOptions.SectionName), folder);
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync(CancellationToken.None);
            var runtime = provider.GetRequiredService<WorkflowRuntime>();
            var instances = provider.GetRequiredService<IWorkflowInstanceStore>();
            var bus = provider.GetRequiredService<MessageBus>();
            var registry = provider.GetRequiredService<AgentRegistry>();
            var definitions = provider.GetRequiredService<WorkflowDefinitionService>();

            await registry.RegisterAsync("planner-1", "planner", AgentStatuses.Working);
            var workers = new Dictionary<string, Agent.Workflows.Model.WorkflowDefinition>();
            var waiting = new Dictionary<string, string>();
            for (var i = 0; i < Agents; i++)
            {
                var agent = $"impl-{i + 1}";
                await registry.RegisterAsync(agent, "implementer", AgentStatuses.Waiting);
                workers[agent] = (await definitions.StoreForRunAsync(Receiver(agent), "bench", CancellationToken.None)).Definition;
                waiting[agent] = (await runtime.StartAsync(workers[agent])).Id;
            }

            var warmUp = options.Quick ? 20 : 40;
            for (var n = 0; n < warmUp; n++) await SendOnceAsync(n);
            var pauseStart = GC.GetTotalPauseDuration();
            var gen0Start = GC.CollectionCount(0);
            var roundP95 = new List<double>(Rounds);
            var latencies = new List<double>(Rounds * PerRound);
            var cpu = new List<double>(Rounds * PerRound);
            for (var r = 0; r < Rounds; r++)
            {
                var round = new List<double>(PerRound);
                for (var i = 0; i < PerRound; i++)
                {
                    var (ms, cpuMs) = await SendOnceAsync(warmUp + r * PerRound + i);
                    round.Add(ms);
                    if (cpuMs is { } c) cpu.Add(c);
                }
                roundP95.Add(Stats.Percentile(round, 95));
                latencies.AddRange(round);
                Report.Progress($"messages round {r + 1}: p50 {Report.F(Stats.Percentile(round, 50), "0.00")} ms, p95 {Report.F(roundP95[^1], "0.00")} ms over {PerRound} sends");
            }
            // Every message was taken and acked by a ReceiveMessage (the activity acks what it takes): none is left waiting.
            var store = provider.GetRequiredService<MessageStore>();
            for (var i = 0; i < Agents; i++)
            {
                var left = await store.ListForAgentAsync($"impl-{i + 1}", [DeliveryStates.Pending, DeliveryStates.Delivered], 10, CancellationToken.None);
                if (left.Count > 0) throw new InvalidOperationException($"impl-{i + 1} has {left.Count} message(s) no workflow received (first {left[0].Message.Id}); the figure is void.");
            }
            report.SpreadFigure("message-delivery-p95-ms", roundP95, "0.00", $"{Rounds} rounds", "< 20", p95 => p95 < 20,
                $"p95 of each round of {PerRound} sends (after {warmUp} warm-up) to {Agents} agents each with a workflow waiting in Agent.ReceiveMessage; "
                + $"all {latencies.Count} sends: p50 {Report.F(Stats.Percentile(latencies, 50), "0.00")} ms, max {Report.F(latencies.Max(), "0.0")} ms; SQLite engine + coordination.db; "
                + "timed to SendAsync's return, checked to have resumed the workflow to Finished; "
                + $"{GC.CollectionCount(0) - gen0Start} gen0 GCs pausing {(GC.GetTotalPauseDuration() - pauseStart).TotalMilliseconds:0} ms in all while timed");
            if (CpuClock.IsCpuTime && cpu.Count > 0)
                report.Context("message-delivery-cpu-p95-ms", Report.F(Stats.Percentile(cpu, 95), "0.00"),
                    $"thread CPU of the {cpu.Count} sends that stayed on one thread, p50 {Report.F(Stats.Percentile(cpu, 50), "0.00")} ms: the figure on an idle machine, without fsync waits");

            // One send to the next agent in turn: milliseconds to SendAsync's return, and its thread CPU when it stayed on one thread.
            async Task<(double Ms, double? CpuMs)> SendOnceAsync(int n)
            {
                var agent = $"impl-{n % Agents + 1}";
                var draft = new MessageDraft { Type = "task", Sender = "planner-1", To = agent, Payload = $$"""{ "title": "task {{n}}", "priority": {{n % 10}} }""" };
                var thread = Environment.CurrentManagedThreadId;
                var cpuStart = CpuClock.ThreadSeconds();
                var start = Stopwatch.GetTimestamp();
                await bus.SendAsync(draft);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                // SQLite calls complete synchronously, so a send normally stays on one thread and its thread CPU time is its cost.
                double? cpuMs = thread == Environment.CurrentManagedThreadId ? (CpuClock.ThreadSeconds() - cpuStart) * 1e3 : null;
                // SendAsync falls back to a background resume when the inline one fails: such a send did not deliver in the
                // time measured, so it is an error, not a sample.
                var instance = await instances.FindAsync(waiting[agent]);
                if (instance?.Status != WorkflowStatus.Finished)
                    throw new InvalidOperationException($"message {n} did not resume {agent}'s workflow: it is {instance?.Status}.");
                waiting[agent] = (await runtime.StartAsync(workers[agent])).Id;
                return (elapsed, cpuMs);
            }
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* a temp folder left behind is harmless */ }
        }
    }
}
