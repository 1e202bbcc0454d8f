using System.Diagnostics;
using Agent.Workflows.Model;
using Agent.Workflows.Runtime;

namespace Agent.Bench;

/// <summary>
/// Figures (a)–(e). Each compared side is a <see cref="Window"/> of at least a second (fixed-size batches repeated),
/// the sides run in interleaved pairs (<see cref="InterleavedPairs"/>: 5 pairs, 3 with <c>--quick</c>; the data sizes
/// are the same in both modes) and the figure is the median of the per-pair ratios with its min–max spread.
/// </summary>
public sealed partial class Figures
{
    /// <summary>Interleaved pairs per figure: 5, or 3 with <c>--quick</c>.</summary>
    internal int Pairs => Quick ? 3 : 5;

    // ---------------------------------------------------------------- (a)
    public async Task EngineVsWorkflowCore()
    {
        var definition = Definitions.NoopCycle();
        // The same batch size for both: WorkflowCore's in-memory provider slows down as instances accumulate (its
        // rate at 3,000 was less than half its rate at 1,000 in trials), so unequal batches would not be fair.
        const int n = 1_000;
        // JIT warm-up of both sides before anything is timed: tiered compilation needs some thousands of calls,
        // and WorkflowCore's rate kept rising over its first few thousand instances in trials.
        for (var i = 0; i < 3; i++) await WorkflowCoreBench.RunAsync(2_000, TimeSpan.FromSeconds(60));
        await SettleAsync(definition, n);
        var pairs = await InterleavedPairs.RunAsync(Pairs,
            () => EngineWindowAsync(StoreKind.InMemory, definition, n),
            () => WorkflowCoreWindowAsync(n),
            (engine, wc) => engine.Rate / wc.Rate);
        // Context only: the same batch split over one loop per core, as WorkflowCore uses one worker per core.
        var parallel = await Windows.RepeatAsync(n, async () =>
            new Batch(n, new Measured(await EngineRunParallelAsync(definition, n, WorkflowCoreBench.Concurrency), double.NaN)));
        report.WindowRow("a", "engine, in-memory store, 1 loop", pairs.A);
        report.Row("a", $"  (context) engine, {WorkflowCoreBench.Concurrency} loops in parallel", parallel.Units, parallel.Time, $"not used by the figure; window {parallel.Describe()}");
        report.WindowRow("a", $"WorkflowCore, memory provider, {WorkflowCoreBench.Concurrency} workers", pairs.B);
        report.SpreadFigure("engine-vs-workflowcore", pairs.Ratios, "0.0", $"{pairs.Count} pairs", ">= 20, spread low end >= 15",
            (median, low) => median >= 20 && low >= 15,
            $"engine cycles/s ÷ WorkflowCore cycles/s, batches of {n:N0} instances on fresh engines / hosts, windows {Windows.Span(pairs.A.Concat(pairs.B))}");
    }

    /// <summary>WorkflowCore batches of <paramref name="n"/> instances, each on a fresh host, for at least a second.</summary>
    private Task<Window> WorkflowCoreWindowAsync(int n) => Windows.RepeatAsync(n, async () =>
    {
        var r = await WorkflowCoreBench.RunAsync(n, TimeSpan.FromSeconds(60));
        if (r.TimedOut) report.Note($"(a) a WorkflowCore run timed out: {r.Completed} of {n} completed; its rate is steps run / 7");
        return new Batch((long)Math.Round(r.CyclesDone), new Measured(r.Elapsed.TotalSeconds, double.NaN));
    });

    // ---------------------------------------------------------------- (b)
    public async Task EngineVsFloor()
    {
        var definition = Definitions.WorkCycle();
        const int n = 10_000;
        PlainLoop(2_000); // warm-up
        await EngineRunAsync(StoreKind.InMemory, definition, 2_000);
        var pairs = await InterleavedPairs.RunAsync(Pairs,
            () => Windows.RepeatAsync(n, () => Task.FromResult(new Batch(n, PlainLoop(n)))),
            () => EngineWindowAsync(StoreKind.InMemory, definition, n),
            (floor, engine) => engine.Rate / floor.Rate);
        var unitUs = Stats.Median(pairs.A.Select(w => w.Wall / w.Units / 7 * 1e6));
        report.WindowRow("b", "floor: plain loop of 7 work units", pairs.A, $"work unit {Report.F(unitUs, "0.00")} us (SHA-256 over {WorkUnit.BufferSize / 1024} KB)");
        report.WindowRow("b", "engine, in-memory store, 1 loop", pairs.B);
        report.SpreadFigure("engine-vs-floor", pairs.Ratios, "0.00", $"{pairs.Count} pairs", ">= 0.90", r => r >= 0.90,
            $"windows {Windows.Span(pairs.A.Concat(pairs.B))}{CpuNote(pairs, (floor, engine) => engine.CpuRate / floor.CpuRate)}");
    }

    private static Measured PlainLoop(int cycles)
    {
        var cpu = CpuClock.ThreadSeconds();
        var watch = Stopwatch.StartNew();
        for (var c = 0; c < cycles; c++)
        {
            WorkUnit.Step1();
            WorkUnit.Step2();
            WorkUnit.Step3();
            WorkUnit.Step4();
            WorkUnit.Step5();
            WorkUnit.Step6();
            WorkUnit.Step7();
        }
        return new Measured(watch.Elapsed.TotalSeconds, CpuClock.ThreadSeconds() - cpu);
    }

    /// <summary>The same per-pair ratio on thread CPU time: what the figure would be without other processes competing for the cores.</summary>
    private static string CpuNote(PairsResult<Window> pairs, Func<Window, Window, double> ratio) =>
        CpuClock.IsCpuTime ? $"; on thread CPU time {Report.F(Stats.Median(pairs.A.Zip(pairs.B, ratio)), "0.00")}" : "";

    // ---------------------------------------------------------------- (c)
    public async Task PersistedVsFloor()
    {
        var definition = Definitions.WorkCycle();
        const int n = 1_000;
        var stateSize = await EngineStateJsonSizeAsync(definition);
        var pairs = await InterleavedPairs.RunAsync(Pairs,
            () => Windows.RepeatAsync(n, () => Task.FromResult(new Batch(n, SqliteFloorBatch(stateSize, n)))),
            () => EngineWindowAsync(StoreKind.Sqlite, definition, n, warmup: 50),
            (floor, engine) => engine.Rate / floor.Rate);
        report.WindowRow("c", "floor: raw SQLite, 1 tx per activity", pairs.A, $"state JSON {stateSize} B");
        report.WindowRow("c", "engine, SQLite store, 1 loop", pairs.B);
        report.SpreadFigure("persisted-vs-floor", pairs.Ratios, "0.00", $"{pairs.Count} pairs", ">= 0.85", r => r >= 0.85,
            $"windows {Windows.Span(pairs.A.Concat(pairs.B))}{CpuNote(pairs, (floor, engine) => engine.CpuRate / floor.CpuRate)}");
    }

    /// <summary>One floor batch of (c) on fresh database files: 50 warm-up cycles, then <paramref name="cycles"/> timed.</summary>
    private static Measured SqliteFloorBatch(int stateSize, int cycles)
    {
        var path = TempFiles.NewDatabasePath("floor");
        try
        {
            using var floor = new SqliteFloor(path, stateSize);
            floor.Run(50);
            return floor.Run(cycles);
        }
        finally { TempFiles.DeleteDatabase(path); }
    }

    /// <summary>The size of the engine's serialized state in the middle of a work cycle (the floor's state row matches it).</summary>
    private static async Task<int> EngineStateJsonSizeAsync(WorkflowDefinition definition)
    {
        await using var host = await EngineHost.CreateAsync(StoreKind.InMemory, null, null, definition);
        var instance = await host.Runtime.StartAsync(definition);
        instance.State.Queue.Add(new WorkItem("a4"));
        return Agent.Workflows.Persistence.Serialization.StateJson.Serialize(instance.State).Length;
    }

    // ---------------------------------------------------------------- (d)
    public async Task Scale()
    {
        var definition = Definitions.NoopCycle();
        const int small = 1_000, large = 100_000;
        await SettleAsync(definition, small);
        var pairs = await InterleavedPairs.RunAsync(Pairs,
            () => EngineWindowAsync(StoreKind.InMemory, definition, small),
            () => EngineWindowAsync(StoreKind.InMemory, definition, large),
            (s, l) => l.Rate / s.Rate);
        report.WindowRow("d", $"engine, in-memory, {small:N0} instances", pairs.A);
        report.WindowRow("d", $"engine, in-memory, {large:N0} instances", pairs.B);
        report.SpreadFigure("scale-100k-vs-1k", pairs.Ratios, "0.00", $"{pairs.Count} pairs", ">= 0.90", r => r >= 0.90,
            $"cycles/s with {large:N0} instances on one engine ÷ with {small:N0}, windows {Windows.Span(pairs.A.Concat(pairs.B))}" +
            CpuNote(pairs, (s, l) => l.CpuRate / s.CpuRate));

        if (Quick) { report.Note("(d) WorkflowCore's 100k/1k ratio (context, a 120 s run) is measured in full runs only."); return; }
        var wcSmall = new List<double>();
        for (var rep = 0; rep < 3; rep++) wcSmall.Add((await WorkflowCoreBench.RunAsync(small, TimeSpan.FromSeconds(60))).CyclesPerSecond);
        var timeout = TimeSpan.FromSeconds(120);
        var wcLarge = await WorkflowCoreBench.RunAsync(large, timeout);
        var wcs = Stats.Median(wcSmall);
        report.Row("d", $"WorkflowCore, {small:N0} instances", small, new Measured(small / wcs, double.NaN));
        report.Row("d", $"WorkflowCore, {large:N0} instances", (long)wcLarge.CyclesDone, new Measured(wcLarge.Elapsed.TotalSeconds, double.NaN),
            wcLarge.TimedOut ? $"cut at {timeout.TotalSeconds:0} s: {wcLarge.Started:N0} started, {wcLarge.Completed:N0} completed, {wcLarge.Steps:N0} steps run (cycles = steps/7)" : "");
        report.Context("workflowcore-scale-100k-vs-1k", Report.F(wcLarge.CyclesPerSecond / wcs, "0.00"),
            wcLarge.TimedOut ? $"context only; the 100k run was cut at {timeout.TotalSeconds:0} s, its rate = steps run / 7 / elapsed" : "context only");
    }

    // ---------------------------------------------------------------- (e)
    /// <summary>
    /// Resume latency on SQLite: 10,000 suspended instances, 300 warm-up resumes, then rounds of single resumes
    /// (5 of 200; 3 with <c>--quick</c>). Each round gives a p50 and a p95; the figures are the medians over the
    /// rounds with their spread.
    /// </summary>
    public async Task ResumeLatency()
    {
        const string eventName = "bench-go";
        var definition = Definitions.EventWait(eventName);
        const int Warm = 300, seed = 10_000;
        int rounds = Quick ? 3 : 5, resumes = 200;
        // The store and version source are wrapped in timers (a few Stopwatch reads per call) for the breakdown line.
        TimingStore? timing = null;
        TimingVersionSource? versions = null;
        await using var host = await EngineHost.CreateAsync(StoreKind.Sqlite, s => timing = new TimingStore(s), null,
            v => versions = new TimingVersionSource(v), definition);
        var cpu = CpuClock.ThreadSeconds();
        var watch = Stopwatch.StartNew();
        var bookmarks = new List<string>(seed);
        for (var i = 0; i < seed; i++)
        {
            var instance = await host.Runtime.StartAsync(definition);
            if (instance.Status != WorkflowStatus.Suspended) throw new InvalidOperationException($"seed instance is {instance.Status}, expected Suspended");
            bookmarks.Add(instance.State.Bookmarks[0].Id);
        }
        report.Row("e", $"seed: {seed:N0} instances waiting on Elsa.Event", seed,
            new Measured(watch.Elapsed.TotalSeconds, CpuClock.ThreadSeconds() - cpu), "via runtime, 3 commits each");

        var random = new Random(7);
        var order = bookmarks.OrderBy(_ => random.Next()).ToList();
        // Warm-up: EF compiles its queries on first use and tiered JIT needs a few hundred calls to optimise them;
        // a long-running host is past both, so latencies are taken after it.
        foreach (var id in order.Take(Warm)) await host.Runtime.ResumeAsync(id);
        timing!.Reset();
        versions!.Calls = 0; versions.WallSeconds = 0;
        var all = new List<double>(rounds * resumes);
        var p50s = new List<double>(rounds);
        var p95s = new List<double>(rounds);
        for (var round = 0; round < rounds; round++)
        {
            var latencies = new List<double>(resumes);
            foreach (var id in order.Skip(Warm + round * resumes).Take(resumes))
            {
                var start = Stopwatch.GetTimestamp();
                var instance = await host.Runtime.ResumeAsync(id);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (instance.Status != WorkflowStatus.Finished) throw new InvalidOperationException($"resumed instance is {instance.Status}, expected Finished");
            }
            p50s.Add(Stats.Percentile(latencies, 50));
            p95s.Add(Stats.Percentile(latencies, 95));
            all.AddRange(latencies);
        }
        var count = all.Count;
        report.Row("e", $"resume {rounds} x {resumes} random of {seed:N0} stored", count, new Measured(all.Sum() / 1000, double.NaN),
            $"all rounds: p50 {Report.F(Stats.Percentile(all, 50), "0.00")} ms, p95 {Report.F(Stats.Percentile(all, 95), "0.00")} ms, max {Report.F(all.Max(), "0.00")} ms");
        double Ms(double seconds) => seconds * 1e3 / count;
        var total = all.Sum() / 1e3;
        report.Profile($"(e) mean resume {Ms(total):0.000} ms: store.FindBookmarkAsync {Ms(timing.BookmarkFindWallSeconds):0.000} ms, " +
            $"store.FindAsync {Ms(timing.FindWallSeconds):0.000} ms, IWorkflowVersionSource.FindVersionAsync {Ms(versions.WallSeconds):0.000} ms, " +
            $"{timing.Commits / (double)count:0} x store.CommitAsync {Ms(timing.CommitWallSeconds):0.000} ms, rest (compile, run, runtime) " +
            $"{Ms(total - timing.BookmarkFindWallSeconds - timing.FindWallSeconds - versions.WallSeconds - timing.CommitWallSeconds):0.000} ms");
        var note = $"median of the rounds' percentiles; {seed:N0} stored, {resumes} resumed per round";
        report.SpreadFigure("resume-p50-ms", p50s, "0.00", $"{rounds} rounds", "< 2", p => p < 2, note);
        report.SpreadFigure("resume-p95-ms", p95s, "0.00", $"{rounds} rounds", "< 1", p => p < 1, note);
    }

    // ---------------------------------------------------------------- helpers of the paired figures

    /// <summary>Engine batches of <paramref name="cycles"/>, each on a fresh engine after <paramref name="warmup"/> untimed cycles, for at least a second.</summary>
    internal static Task<Window> EngineWindowAsync(StoreKind store, WorkflowDefinition definition, int cycles, int warmup = EngineWarmup) =>
        Windows.RepeatAsync(cycles, async () => new Batch(cycles, await EngineRunAsync(store, definition, cycles, warmup)));
}
