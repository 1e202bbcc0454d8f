using Microsoft.Agents.AI.Workflows;

namespace Agent.Bench;

/// <summary>
/// Figures <c>engine-vs-maf</c> and <c>engine-vs-maf-checkpointed</c> (key <c>maf</c>): the engine against Microsoft
/// Agent Framework workflows (<see cref="MafBench"/>) on the same 7-step no-op pipeline, in memory and durable, plus the
/// same two comparisons on the 7-step work-unit pipeline for context. Every side is a window of at least a second of
/// fixed-size batches, each on a fresh engine / workflow; sides run in interleaved pairs (5, or 3 with <c>--quick</c>).
/// </summary>
public sealed class MafFigures(BenchOptions options, Report report)
{
    private int Pairs => options.Quick ? 3 : 5;

    /// <summary>Runs per in-memory batch on each side (the engine's batch of (a)).</summary>
    private const int MemoryBatch = 1_000;

    /// <summary>Runs per durable batch: each side writes a fresh database / checkpoint directory per batch.</summary>
    private const int DurableBatch = 200;

    /// <summary>Untimed runs on each fresh engine / workflow before its batch.</summary>
    private const int Warmup = 50;

    /// <summary>What the last checkpointed batch wrote (for the figure's note).</summary>
    private string _checkpoints = "";

    /// <summary>Warms MAF up, then measures the four comparisons and adds the figures.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var noop = Definitions.NoopCycle();
        var work = Definitions.WorkCycle();
        await WarmUpAsync(cancellationToken);

        var memory = await InterleavedPairs.RunAsync(Pairs,
            () => Figures.EngineWindowAsync(StoreKind.InMemory, noop, MemoryBatch, Warmup),
            () => MafWindowAsync(work: false, durable: false, cancellationToken),
            (engine, maf) => engine.Rate / maf.Rate, cancellationToken);
        Add(memory, "engine-vs-maf", "no-op", durable: false);

        var durable = await InterleavedPairs.RunAsync(Pairs,
            () => Figures.EngineWindowAsync(StoreKind.Sqlite, noop, DurableBatch, Warmup),
            () => MafWindowAsync(work: false, durable: true, cancellationToken),
            (engine, maf) => engine.Rate / maf.Rate, cancellationToken);
        Add(durable, "engine-vs-maf-checkpointed", "no-op", durable: true);

        var workMemory = await InterleavedPairs.RunAsync(Pairs,
            () => Figures.EngineWindowAsync(StoreKind.InMemory, work, MemoryBatch, Warmup),
            () => MafWindowAsync(work: true, durable: false, cancellationToken),
            (engine, maf) => engine.Rate / maf.Rate, cancellationToken);
        Add(workMemory, "engine-vs-maf-work", "work-unit", durable: false);

        var workDurable = await InterleavedPairs.RunAsync(Pairs,
            () => Figures.EngineWindowAsync(StoreKind.Sqlite, work, DurableBatch, Warmup),
            () => MafWindowAsync(work: true, durable: true, cancellationToken),
            (engine, maf) => engine.Rate / maf.Rate, cancellationToken);
        Add(workDurable, "engine-vs-maf-work-checkpointed", "work-unit", durable: true);
    }

    private void Add(PairsResult<Window> pairs, string name, string pipeline, bool durable)
    {
        var engineSide = durable ? "engine, SQLite store (commit per activity)" : "engine, in-memory store";
        var mafSide = durable ? "MAF, JSON file checkpoint per superstep" : "MAF, in process, no checkpointing";
        report.WindowRow("maf", $"{engineSide}, {pipeline}", pairs.A);
        report.WindowRow("maf", $"{mafSide}, {pipeline}", pairs.B);
        var note = $"engine cycles/s ÷ MAF runs/s, 7-step {pipeline} pipeline, batches of {(durable ? DurableBatch : MemoryBatch):N0}, windows {Windows.Span(pairs.A.Concat(pairs.B))}";
        if (durable) note += $"; MAF wrote {_checkpoints}, the engine a SQLite commit (WAL, synchronous=NORMAL) per activity";
        if (pipeline == "no-op") report.SpreadFigure(name, pairs.Ratios, "0.0", $"{pairs.Count} pairs", ">= 5", r => r >= 5, note);
        else report.Context(name, $"{Report.F(pairs.Median, "0.0")} (spread {Report.F(pairs.Min, "0.0")}–{Report.F(pairs.Max, "0.0")}, {pairs.Count} pairs)", "context; " + note);
    }

    /// <summary>
    /// JIT warm-up of the MAF paths (both pipelines, with and without checkpoints): at least 4 rounds and 3 s, then a
    /// pause for the background JIT. MAF's run loop is much more code than a step: in a trial on the loaded machine
    /// its no-op rate was ~1,000 runs/s after 2 s of warm-up and ~12,000 a minute later, so a short warm-up would have
    /// measured the JIT, not the framework.
    /// </summary>
    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; round < 4 || watch.Elapsed < TimeSpan.FromSeconds(3); round++)
        {
            await MafBatchAsync(work: false, durable: false, 2_000, cancellationToken);
            await MafBatchAsync(work: true, durable: false, 500, cancellationToken);
            await MafBatchAsync(work: false, durable: true, 100, cancellationToken);
        }
        await Task.Delay(500, cancellationToken);
        Report.Progress($"maf: warm-up {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private Task<Window> MafWindowAsync(bool work, bool durable, CancellationToken cancellationToken)
    {
        var runs = durable ? DurableBatch : MemoryBatch;
        return Windows.RepeatAsync(runs, () => MafBatchAsync(work, durable, runs, cancellationToken), cancellationToken);
    }

    /// <summary>A fresh workflow (and, when durable, a fresh checkpoint directory); <see cref="Warmup"/> untimed runs; then <paramref name="runs"/> timed.</summary>
    private async Task<Batch> MafBatchAsync(bool work, bool durable, int runs, CancellationToken cancellationToken)
    {
        var pipeline = MafBench.Build(work);
        if (!durable)
        {
            await MafBench.RunAsync(pipeline, Warmup, null, null, cancellationToken);
            return await MafBench.RunAsync(pipeline, runs, null, null, cancellationToken);
        }
        var directory = Directory.CreateTempSubdirectory("agent-bench-maf-");
        try
        {
            using var store = new CountingCheckpointStore(directory);
            var manager = CheckpointManager.CreateJson(store);
            await MafBench.RunAsync(pipeline, Warmup, manager, store, cancellationToken);
            var before = store.Created;
            var batch = await MafBench.RunAsync(pipeline, runs, manager, store, cancellationToken);
            var files = directory.GetFiles("*").Where(f => f.Name != "index.jsonl").ToList();
            _checkpoints = $"{(store.Created - before) / (double)runs:0.#} checkpoints per run, {files.Sum(f => f.Length) / Math.Max(1, files.Count):N0} B per checkpoint file";
            return batch;
        }
        finally
        {
            try { directory.Delete(recursive: true); } catch (IOException) { /* a file still open; temp is cleaned eventually */ }
        }
    }
}
