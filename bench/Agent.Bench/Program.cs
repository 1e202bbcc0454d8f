using System.Runtime;
using Agent.Bench;

var options = BenchOptions.Parse(args);
if (options is null) return 0;

WorkUnit.Configure(options.WorkKb);
var report = new Report();
Report.Progress($"Agent.Bench: {(options.Quick ? "quick" : "full")} run, figures {string.Join(",", options.Figures)}, " +
    $"{Environment.ProcessorCount} cores, server GC {GCSettings.IsServerGC}, .NET {Environment.Version}");
if (options.Quick) report.Note("quick mode: 3 interleaved pairs instead of 5 and fewer repetitions elsewhere (see README); (a)-(e) and maf keep the full run's data sizes (100k in (d)); WorkflowCore's 100k scale context is skipped.");

var loadAtStart = LoadAverage();
var runWatch = System.Diagnostics.Stopwatch.StartNew();
var figures = new Figures(options, report);
// The claude figure times CLI processes, not the engine: it needs no JIT warm-up of the engine paths.
if (options.Figures.Any(f => f is not ("claude" or "hooks" or "errors" or "graph" or "studio" or "discovery" or "research" or "policy" or "messages" or "agents" or "failover"))) await figures.WarmUpAsync(options.Figures);
foreach (var f in options.Figures)
{
    try
    {
        switch (f)
        {
            case "a": await figures.EngineVsWorkflowCore(); break;
            case "b": await figures.EngineVsFloor(); break;
            case "c": await figures.PersistedVsFloor(); break;
            case "d": await figures.Scale(); break;
            case "e": await figures.ResumeLatency(); break;
            case "p": await figures.Profile(); break;
            case "claude": await new ClaudeFigures(options, report).RunAsync(); break;
            case "hooks": await new HookFigures(options, report).RunAsync(); break;
            case "errors": await new LearningFigures(options, report).ErrorLookupAsync(); break;
            case "graph": await new LearningFigures(options, report).GraphNeighboursAsync(); break;
            case "studio": await new StudioFigures(options, report).RunAsync(); break;
            case "discovery": await new DiscoveryFigures(options, report).RunAsync(); break;
            case "research": await new ResearchFigures(options, report).CacheHitAsync(); break;
            case "policy": await new PolicyFigures(options, report).RunAsync(); break;
            case "messages": await new MessageFigures(options, report).RunAsync(); break;
            case "agents": await new AgentFigures(options, report).RunAsync(); break;
            case "postgres": await new ProductionFigures(options, report).PostgresVsSqliteAsync(); break;
            case "postgres-profile": await new PostgresProfile(options, report).RunAsync(); break;
            case "failover": await new FailoverFigures(options, report).RunAsync(); break;
            case "maf": await new MafFigures(options, report).RunAsync(); break;
        }
    }
    catch (Exception e)
    {
        // A benchmark reports; it does not fail. The figure is missing from the output and the reason is noted.
        report.Note($"figure ({f}) could not be measured: {e.GetType().Name}: {e.Message}");
        Report.Progress(e.ToString());
    }
}
report.Note($"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, latency mode {GCSettings.LatencyMode}; work unit SHA-256 over {WorkUnit.BufferSize / 1024} KB.");
report.Note($"the run took {runWatch.Elapsed.TotalSeconds:0} s; load average (1 min) {loadAtStart} at start, {LoadAverage()} at end, on {Environment.ProcessorCount} cores; " +
    "above the core count other processes competed for the CPU and wall-clock figures are pessimistic (see cpu% and the thread-CPU ratios).");
report.Print();
return 0;

static string LoadAverage()
{
    try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
    catch (IOException) { return "n/a"; }
    catch (UnauthorizedAccessException) { return "n/a"; }
}

/// <summary>Command line: <c>--quick</c>, <c>--only a,b,c,d,e,p,claude,hooks,errors,graph,studio,discovery,research,policy,messages,agents,postgres,failover,maf</c> (p = profile breakdown, claude = runner vs bare CLI, hooks = oversight hook overhead per tool call, studio = Studio API latency, discovery = MCP scan parallel vs serial, research = research cache hit latency, policy = policy decision latency, messages = message delivery latency, agents = four spawned agents parallel vs serial, postgres = the durable work cycle on PostgreSQL vs SQLite, failover = seconds until a killed replica's running instances resume on another, maf = the engine vs Microsoft Agent Framework workflows; all part of a full run).</summary>
public sealed record BenchOptions(bool Quick, IReadOnlyList<string> Figures, int WorkKb)
{
    // Profiles run only when named: they explain a figure rather than give one.
    private static readonly string[] OnlyOnRequest = ["postgres-profile"];
    private static readonly string[] All = ["a", "b", "c", "d", "e", "p", "claude", "hooks", "errors", "graph", "studio", "discovery", "research", "policy", "messages", "agents", "postgres", "failover", "maf"];

    public static BenchOptions? Parse(string[] args)
    {
        var quick = false;
        var workKb = 16;
        IReadOnlyList<string>? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--only" when i + 1 < args.Length:
                    only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToList();
                    var unknown = only.Except(All).Except(OnlyOnRequest).ToList();
                    if (unknown.Count > 0) { Console.Error.WriteLine($"unknown figure(s) {string.Join(",", unknown)}; use some of {string.Join(",", All.Concat(OnlyOnRequest))}"); return null; }
                    break;
                case "--work-kb" when i + 1 < args.Length && int.TryParse(args[i + 1], out var kb) && kb is > 0 and <= 1024:
                    workKb = kb;
                    i++;
                    break;
                case "-h" or "--help":
                    Console.WriteLine("usage: Agent.Bench [--quick] [--only a,b,c,d,e,p,claude,hooks,errors,graph,studio,discovery,research,policy,messages,agents,postgres,failover,maf] [--work-kb N]");
                    Console.WriteLine("  --work-kb N  bytes hashed by the work unit of (b) and (c), in KB (default 16: about 14 us here)");
                    Console.WriteLine("  a engine vs WorkflowCore, b engine vs plain loop, c SQLite engine vs raw SQLite loop,");
                    Console.WriteLine("  d 100k vs 1k instances, e resume latency, p profile breakdown (full runs include it; quick runs skip it),");
                    Console.WriteLine("  claude ClaudeRunner vs bare claude -p and ClaudeBatchRunner vs xargs -P 10 (full runs include it; quick runs skip it)");
                    Console.WriteLine("  hooks oversight hook overhead per Claude tool call, with vs without hooks (full runs include it; quick runs skip it)");
                    Console.WriteLine("  errors similar-error lookup p95 at 100,000 stored errors; graph neighbour query p95 at 100,000 edges");
                    Console.WriteLine("  studio Studio API list page and cycle load p95 with 1,000 stored definitions");
                    Console.WriteLine("  discovery MCP scan of the three npm servers + ours, parallel vs serial (tools/mcp-servers installed)");
                    Console.WriteLine("  research solution-finder search p95 answered from the SQLite cache (10,000 questions cached per source)");
                    Console.WriteLine("  policy one policy decision p95 (built-in + operator rules) over a mixed set of realistic tool calls and cycle actions");
                    Console.WriteLine("  messages send -> waiting workflow resumed p95 on real SQLite (message bus), median over rounds");
                    Console.WriteLine("  failover seconds from SIGKILL of a replica running 20 instances until all run on the other (2 agent serve on PostgreSQL)");
                    Console.WriteLine("  maf engine vs Microsoft Agent Framework workflows (Microsoft.Agents.AI.Workflows), 7-step pipelines, in memory and checkpointed");
                    Console.WriteLine("  postgres-profile (only when named) where a PostgreSQL cycle's time goes: statements, process and server CPU");
                    Console.WriteLine("  agents four gaps by four spawned agents at once vs one after another (real Claude CLI, 2 s model delay; tools/claude-code installed)");
                    return null;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'; try --help");
                    return null;
            }
        }
        return new BenchOptions(quick, only ?? (quick ? All.Where(f => f is not ("p" or "claude" or "hooks")).ToList() : All), workKb);
    }
}
