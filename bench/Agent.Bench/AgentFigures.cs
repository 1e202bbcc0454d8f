using Agent.ModelServer;
using Agent.ModelServer.Scripts;

namespace Agent.Bench;

/// <summary>
/// Figure <c>agents</c>: <c>agents-parallel-vs-serial</c> — four independent gaps done by four spawned agents at once
/// (<c>Coordination:MaxAgents</c> 4) against one after another (MaxAgents 1: the spawner's queue admits the next agent
/// when the previous one releases its slot). Every agent runs the shipped worker definition with the real Claude CLI
/// against the scripted model server, which waits 2 s before each answer like a real model; each task takes two turns
/// (a Write in the agent's worktree, then the final answer). Serial and parallel runs are interleaved in pairs, in
/// alternating order; the figure is the median of the per-pair ratios serial ÷ parallel, with its spread.
/// </summary>
public sealed class AgentFigures(BenchOptions options, Report report)
{
    private const int Tasks = 4;
    private const int LatencyMs = 2000;
    private const int TurnsPerTask = 2;
    // The model server puts the CLI's working directory here (Write needs an absolute path).
    private const string CwdToken = "{{cwd}}";

    // Turn 1 (no tool result yet): Write the gap file in the CLI's cwd (the agent's worktree). Turn 2: the final answer.
    // Any other request the CLI makes (none expected in -p mode) gets a plain text answer and the same delay.
    private static readonly string Script = $$"""
        { "name": "bench-agents", "latencyMs": {{LatencyMs}}, "rules": [
          { "match": { "toolResultContains": "{{AgentBenchServer.EditedFile}}" }, "respond": { "text": "Closed the gap: wrote {{AgentBenchServer.EditedFile}}." } },
          { "match": { "hasTool": "Write" }, "respond": { "text": "Writing the fix.",
              "toolUse": [ { "name": "Write", "input": { "file_path": "{{CwdToken}}/{{AgentBenchServer.EditedFile}}", "content": {{System.Text.Json.JsonSerializer.Serialize(AgentBenchServer.EditedContent)}} } } ] } },
          { "respond": { "text": "ok" } } ] }
        """;

    private int Pairs => options.Quick ? 1 : 3;

    /// <summary>Starts the scripted model and both servers, warms up, runs the pairs and adds the figure to the report.</summary>
    public async Task RunAsync()
    {
        await using var model = new ScriptedModelServer(ScriptLoader.Parse(Script));
        var url = await model.StartAsync(CancellationToken.None);
        var repositoryRoot = BenchServer.RepositoryRoot();
        Report.Progress($"agents: scripted model {url}, {LatencyMs} ms per answer, {Tasks} tasks, {Pairs} pair(s)");
        await using var serial = new AgentBenchServer(repositoryRoot, url, maxAgents: 1);
        await using var parallel = new AgentBenchServer(repositoryRoot, url, maxAgents: Tasks);
        await serial.StartAsync();
        await parallel.StartAsync();

        // Unmeasured, on each server: fills the CLI's caches and JITs the server, worker and agent mcp paths.
        await TimedAsync(model, serial, 1, "warm-up serial");
        await TimedAsync(model, parallel, Tasks, "warm-up parallel");

        var ratios = new List<double>();
        var serialMs = new List<double>();
        var parallelMs = new List<double>();
        var parallelRuns = new List<AgentRunResult>();
        for (var p = 0; p < Pairs; p++)
        {
            // Alternate which side goes first, so drift in machine load hits both sides alike.
            AgentRunResult s, q;
            if (p % 2 == 0)
            {
                s = await TimedAsync(model, serial, Tasks, "serial");
                q = await TimedAsync(model, parallel, Tasks, "parallel");
            }
            else
            {
                q = await TimedAsync(model, parallel, Tasks, "parallel");
                s = await TimedAsync(model, serial, Tasks, "serial");
            }
            parallelRuns.Add(q);
            var (sMs, qMs) = (s.WallMs, q.WallMs);
            serialMs.Add(sMs);
            parallelMs.Add(qMs);
            ratios.Add(sMs / qMs);
            Report.Progress($"agents pair {p + 1}: serial {Report.F(sMs, "0")} ms, parallel {Report.F(qMs, "0")} ms, ratio {Report.F(sMs / qMs, "0.00")}");
        }
        report.SpreadFigure("agents-parallel-vs-serial", ratios, "0.00", $"{Pairs} pair{(Pairs == 1 ? "" : "s")}", ">= 3.0", r => r >= 3.0,
            $"{Tasks} gaps, MaxAgents 1 vs {Tasks}: serial median {Report.F(Stats.Median(serialMs), "0")} ms, parallel median {Report.F(Stats.Median(parallelMs), "0")} ms; " +
            $"agent-worker + real Claude CLI, {TurnsPerTask} turns per task at {LatencyMs} ms each; {Environment.ProcessorCount} cores");
        // Why the ratio is below 4: every agent's start-up CPU (CLI, agent mcp, git, engine steps) lands at once on the cores.
        var child = Stats.Median(parallelRuns.Select(r => r.ChildCpuSeconds / Tasks));
        var own = Stats.Median(parallelRuns.Select(r => r.OwnCpuSeconds / Tasks));
        report.Context("agents-cpu-per-task-s", Report.F(child + own, "0.00"),
            $"median over the parallel runs: {Report.F(child, "0.00")} s in the Claude CLI, agent mcp and git processes + {Report.F(own, "0.00")} s in the server; " +
            $"{Tasks} agents starting at once need {Report.F(Tasks * (child + own), "0.0")} s of CPU from {Environment.ProcessorCount} cores shared with whatever else runs");
    }

    /// <summary>One run; also checks the model answered at least two turns per task (the run really went through the CLI).</summary>
    private static async Task<AgentRunResult> TimedAsync(ScriptedModelServer model, AgentBenchServer server, int tasks, string side)
    {
        var before = model.Log.MessagesRequests.Count;
        var beforeAll = model.Log.Requests.Count;
        var result = await server.RunAsync(tasks);
        var ms = result.WallMs;
        var requests = model.Log.MessagesRequests.Count - before;
        if (requests < tasks * TurnsPerTask)
            throw new InvalidOperationException($"{side} run: the model got {requests} requests for {tasks} tasks, fewer than {TurnsPerTask} per task; the agents did not run their turns.");
        Report.Progress($"  {side}: {Report.F(ms, "0")} ms, {requests} model requests, CPU {Report.F(result.ChildCpuSeconds, "0.00")} s in child processes + " +
            $"{Report.F(result.OwnCpuSeconds, "0.00")} s in this one; {string.Join("; ", result.Timeline)}; model requests arrived at " +
            string.Join(", ", model.Log.Requests.Skip(beforeAll).Select(r => $"+{Report.F((r.ReceivedAt - result.StartedAt).TotalSeconds, "0.0")} s {r.Path}")));
        return result;
    }
}
