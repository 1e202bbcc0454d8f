using System.Diagnostics;
using System.Text.Json;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Bench;

/// <summary>
/// The engine figures: warm-up, helpers and the profile (p) here; (a)–(e) in EngineFigures.cs, each measured in
/// interleaved pairs of windows of at least a second (<see cref="InterleavedPairs"/>, <see cref="Windows"/>).
/// </summary>
public sealed partial class Figures(BenchOptions options, Report report)
{
    private bool Quick => options.Quick;
    private const int EngineWarmup = 300;

    // ---------------------------------------------------------------- warm-up

    /// <summary>
    /// Runs every path the chosen figures time, on fresh engines and hosts, for a few seconds, then idles briefly.
    /// Tiered JIT compiles methods optimised only after they are called for a while and only once no new code has
    /// been jitted for ~100 ms; each fresh DI container jits a little new code, so without this the first figures
    /// ran at a third of their steady rate in trials.
    /// </summary>
    public async Task WarmUpAsync(IReadOnlyCollection<string> figures)
    {
        var budget = TimeSpan.FromSeconds(Quick ? 6 : 8);
        var watch = Stopwatch.StartNew();
        var noop = Definitions.NoopCycle();
        var work = Definitions.WorkCycle();
        var rounds = 0;
        while (watch.Elapsed < budget || rounds < 2)
        {
            rounds++;
            await EngineRunAsync(StoreKind.InMemory, noop, 2_000, warmup: 0);
            await EngineRunAsync(StoreKind.Discarding, noop, 2_000, warmup: 0);
            if (figures.Contains("b") || figures.Contains("c") || figures.Contains("p") || figures.Contains("maf")) await EngineRunAsync(StoreKind.InMemory, work, 1_000, warmup: 0);
            if (figures.Contains("a") || figures.Contains("d")) await WorkflowCoreBench.RunAsync(1_000, TimeSpan.FromSeconds(30), warmup: 0);
            if (rounds % 3 == 1 && (figures.Contains("c") || figures.Contains("e") || figures.Contains("p") || figures.Contains("maf")))
            {
                await EngineRunAsync(StoreKind.Sqlite, work, 100, warmup: 0);
                var wait = Definitions.EventWait("warm-up");
                await using var host = await EngineHost.CreateAsync(StoreKind.Sqlite, null, null, wait);
                for (var i = 0; i < 100; i++) await host.Runtime.ResumeAsync((await host.Runtime.StartAsync(wait)).State.Bookmarks[0].Id);
            }
            if (figures.Contains("b") || figures.Contains("p")) PlainLoop(1_000);
            if (figures.Contains("c")) { var path = TempFiles.NewDatabasePath("warm"); try { using var f = new SqliteFloor(path, 250); f.Run(100); } finally { TempFiles.DeleteDatabase(path); } }
        }
        await Task.Delay(500); // let the background JIT finish the methods queued for optimisation
        Report.Progress($"warm-up: {rounds} rounds in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Right before timing short engine batches: runs the same batches on fresh engines for a second, then idles so
    /// the JIT finishes optimising what they call. A 1,000-cycle batch lasts a few milliseconds, and without this its
    /// rate depended on what ran before it (half or less after the SQLite and WorkflowCore paths in trials).
    /// </summary>
    private static async Task SettleAsync(WorkflowDefinition definition, int cycles)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(1)) await EngineRunAsync(StoreKind.InMemory, definition, cycles);
        await Task.Delay(300);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>A fresh engine; <paramref name="warmup"/> cycles; then <paramref name="cycles"/> cycles one after another. Returns seconds.</summary>
    private static async Task<Measured> EngineRunAsync(StoreKind store, WorkflowDefinition definition, int cycles, int warmup = EngineWarmup)
    {
        await using var host = await EngineHost.CreateAsync(store, null, null, definition);
        await RunCyclesAsync(host.Runtime, definition, warmup);
        return await RunCyclesAsync(host.Runtime, definition, cycles);
    }

    /// <summary>A fresh in-memory engine; warm-up; then <paramref name="cycles"/> split over <paramref name="loops"/> concurrent loops. Returns wall seconds.</summary>
    private static async Task<double> EngineRunParallelAsync(WorkflowDefinition definition, int cycles, int loops)
    {
        await using var host = await EngineHost.CreateAsync(StoreKind.InMemory, null, null, definition);
        await RunCyclesAsync(host.Runtime, definition, EngineWarmup);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(() => RunCyclesAsync(host.Runtime, definition, cycles / loops))));
        return watch.Elapsed.TotalSeconds;
    }

    internal static async Task<Measured> RunCyclesAsync(WorkflowRuntime runtime, WorkflowDefinition definition, int cycles)
    {
        var cpu = CpuClock.ThreadSeconds();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < cycles; i++)
        {
            var instance = await runtime.StartAsync(definition);
            if (instance.Status != WorkflowStatus.Finished)
                throw new InvalidOperationException($"instance {instance.Id} ended {instance.Status}: {instance.State.Incidents.FirstOrDefault()?.Message}");
        }
        return new Measured(watch.Elapsed.TotalSeconds, CpuClock.ThreadSeconds() - cpu);
    }

    // ---------------------------------------------------------------- (p)

    /// <summary>
    /// Where the engine's time goes, with Stopwatch and allocation counters (no profiler on this machine): the same
    /// cycles on a store that keeps nothing, on the in-memory store with its commits timed, on SQLite with its
    /// commits timed; the state serialization the stores do per commit; scaling with and without the store;
    /// and resume with a version source that hands out a fresh definition object each time.
    /// </summary>
    public async Task Profile()
    {
        int n = Quick ? 3_000 : 20_000;
        var noop = Definitions.NoopCycle();
        var work = Definitions.WorkCycle();
        await EngineRunAsync(StoreKind.InMemory, noop, 3_000); // warm-up
        report.Profile($"times below are thread CPU time ({(CpuClock.IsCpuTime ? "clock_gettime(CLOCK_THREAD_CPUTIME_ID)" : "unavailable: wall time")}), so other processes on the machine do not inflate them");

        // 1. Runner + runtime alone (a store that keeps nothing) vs with the in-memory store, noop and work cycles.
        foreach (var (name, def, cycles) in new[] { ("noop", noop, n), ("work", work, n / 4) })
        {
            var discard = await ProfileRunAsync(StoreKind.Discarding, def, cycles);
            var memory = await ProfileRunAsync(StoreKind.InMemory, def, cycles);
            report.Row("p", $"{name} cycle, discarding store (runner only)", cycles, discard.Time, discard.Describe(cycles));
            report.Row("p", $"{name} cycle, in-memory store", cycles, memory.Time, memory.Describe(cycles));
            report.Profile($"{name} cycle: runner+runtime {Us(discard.Time.Cpu, cycles * 7)} us/activity with a store that keeps nothing; with the in-memory store " +
                $"{Us(memory.Time.Cpu, cycles * 7)} us/activity, of which InMemoryWorkflowInstanceStore.CommitAsync {Us(memory.CommitCpu, memory.Commits)} us/commit " +
                $"x {memory.Commits / (double)cycles:0} commits/cycle = {Share(memory.CommitCpu, memory.Time.Cpu)} of the cycle");
        }

        // 2. The state serialization both stores do on every commit, on a mid-cycle state.
        {
            await using var host = await EngineHost.CreateAsync(StoreKind.InMemory, null, null, noop);
            var instance = await host.Runtime.StartAsync(noop);
            var state = instance.State;
            state.Queue.Add(new WorkItem("a4"));
            var options = Agent.Workflows.Persistence.Serialization.StateJson.Options;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(state, options).Length;
            for (var i = 0; i < 5_000; i++) JsonSerializer.SerializeToUtf8Bytes(state, options);
            const int reps = 50_000;
            var alloc = GC.GetAllocatedBytesForCurrentThread();
            var cpu = CpuClock.ThreadSeconds();
            for (var i = 0; i < reps; i++) JsonSerializer.SerializeToUtf8Bytes(state, options);
            var perCall = (CpuClock.ThreadSeconds() - cpu) * 1e6 / reps;
            var allocated = (GC.GetAllocatedBytesForCurrentThread() - alloc) / reps;
            cpu = CpuClock.ThreadSeconds();
            for (var i = 0; i < reps; i++) JsonSerializer.SerializeToUtf8Bytes(state, WorkflowJson.Options);
            var plain = (CpuClock.ThreadSeconds() - cpu) * 1e6 / reps;
            // What the SQLite store does per commit instead: the same serializer into a reused UTF-8 buffer.
            var buffers = new Agent.Workflows.Persistence.Sqlite.StateJsonBuffers();
            for (var i = 0; i < 5_000; i++) buffers.Return(buffers.Serialize(state));
            alloc = GC.GetAllocatedBytesForCurrentThread();
            cpu = CpuClock.ThreadSeconds();
            for (var i = 0; i < reps; i++) buffers.Return(buffers.Serialize(state));
            var pooled = (CpuClock.ThreadSeconds() - cpu) * 1e6 / reps;
            var pooledBytes = (GC.GetAllocatedBytesForCurrentThread() - alloc) / reps;
            report.Profile($"JsonSerializer.SerializeToUtf8Bytes(WorkflowState, StateJson.Options) of a {bytes} B mid-cycle state (what the PostgreSQL store does per commit, as a string): " +
                $"{perCall:0.00} us/call, {allocated} B allocated/call (with WorkflowJson.Options, i.e. without PlainValueJsonConverter: {plain:0.00} us); " +
                $"the SQLite store serializes into a reused UTF-8 buffer (StateJsonBuffers): {pooled:0.00} us/call, {pooledBytes} B allocated/call (System.Text.Json's write stack); x8 commits = {pooled * 8:0.0} us per cycle");
        }

        // 2b. The in-memory store's CommitAsync in isolation (an update with one journal entry) and what a header copy costs.
        {
            var store = new Agent.Workflows.Persistence.InMemory.InMemoryWorkflowInstanceStore();
            await using var host = await EngineHost.CreateAsync(StoreKind.InMemory, null, null, noop);
            var instance = await host.Runtime.StartAsync(noop);
            instance.State.Queue.Add(new WorkItem("a4"));
            instance.Revision = 0;
            await store.CommitAsync(new Agent.Workflows.Persistence.InstanceCommit(instance, 0, [], [], [], []));
            var entry = new JournalEntry { InstanceId = instance.Id, Sequence = 4, ActivityId = "a4", ActivityType = "Bench.Noop", ActivityName = "a4", Status = JournalStatus.Completed, Outcomes = "Done" };
            const int reps = 50_000;
            for (var i = 0; i < 2_000; i++) await store.CommitAsync(new Agent.Workflows.Persistence.InstanceCommit(instance, instance.Revision, [entry], [], [], []));
            var alloc = GC.GetAllocatedBytesForCurrentThread();
            var cpu = CpuClock.ThreadSeconds();
            for (var i = 0; i < reps; i++) await store.CommitAsync(new Agent.Workflows.Persistence.InstanceCommit(instance, instance.Revision, [entry], [], [], []));
            var perCommit = (CpuClock.ThreadSeconds() - cpu) * 1e6 / reps;
            var commitBytes = (GC.GetAllocatedBytesForCurrentThread() - alloc) / reps;
            alloc = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++) GC.KeepAlive(new WorkflowInstance());
            var headerBytes = (GC.GetAllocatedBytesForCurrentThread() - alloc) / 1_000;
            report.Profile($"InMemoryWorkflowInstanceStore.CommitAsync alone (update + 1 journal entry, mid-cycle state): {perCommit:0.00} us and {commitBytes} B allocated per commit " +
                $"(journal entries accumulate over the loop, as they do for a long instance); `new WorkflowInstance()` alone allocates {headerBytes} B " +
                "(its State initializer builds an empty WorkflowState, whose collections are made on first use)");
        }

        // 3. SQLite: how much of a work cycle is the store's commit.
        {
            var cycles = Quick ? 200 : 1_000;
            var sqlite = await ProfileRunAsync(StoreKind.Sqlite, work, cycles, warmup: 50);
            report.Row("p", "work cycle, SQLite store", cycles, sqlite.Time, sqlite.Describe(cycles));
            report.Profile($"SQLite work cycle: {Us(sqlite.Time.Cpu, cycles * 7)} us/activity; SqliteWorkflowInstanceStore.CommitAsync {Us(sqlite.CommitCpu, sqlite.Commits)} us " +
                $"and {sqlite.CommitBytes / Math.Max(1, sqlite.Commits)} B allocated per commit " +
                $"x {sqlite.Commits / (double)cycles:0} commits/cycle = {Share(sqlite.CommitCpu, sqlite.Time.Cpu)} of the cycle");
        }

        // 4. Scaling: which side slows down with many instances, the runner (discarding store) or the store (in-memory)?
        {
            int small = 1_000, large = Quick ? 10_000 : 100_000;
            foreach (var kind in new[] { StoreKind.Discarding, StoreKind.InMemory })
            {
                var s = await ProfileRunAsync(kind, noop, small);
                var l = await ProfileRunAsync(kind, noop, large);
                report.Row("p", $"noop, {kind} store, {large:N0} instances", large, l.Time, l.Describe(large));
                report.Profile($"scale, {kind} store: {large:N0}/{small:N0} rate ratio {(large / l.Time.Cpu) / (small / s.Time.Cpu):0.00} on CPU time " +
                    $"({Us(s.Time.Cpu, small * 7)} -> {Us(l.Time.Cpu, large * 7)} us/activity); GCs gen0/1/2 during the {large:N0} run {l.Gen0}/{l.Gen1}/{l.Gen2}, " +
                    $"GC pauses {l.GcPauseMs:0} ms = {Share(l.GcPauseMs / 1000, l.Time.Wall)} of its wall time; managed heap after: {l.HeapMb:0} MB");
            }
        }

        // 5. Resume: the engine's default version source (StoreVersionSource: definition store, a new object per call)
        //    vs one that hands back the very definition object the instance was started from.
        {
            var definition = Definitions.EventWait("bench-go");
            foreach (var fresh in new[] { false, true })
            {
                await using var host = await EngineHost.CreateAsync(StoreKind.InMemory, null,
                    fresh ? null : new BenchVersionSource([definition]), definition);
                var ids = new List<string>();
                for (var i = 0; i < 2_000; i++) ids.Add((await host.Runtime.StartAsync(definition)).State.Bookmarks[0].Id);
                foreach (var id in ids.Take(200)) await host.Runtime.ResumeAsync(id);
                var cpu = CpuClock.ThreadSeconds();
                foreach (var id in ids.Skip(200)) await host.Runtime.ResumeAsync(id);
                report.Profile($"ResumeAsync on the in-memory stores, version source {(fresh ? "StoreVersionSource (the default: a new definition object per call)" : "returning the same definition object every time")}: " +
                    $"{(CpuClock.ThreadSeconds() - cpu) * 1e6 / (ids.Count - 200):0.0} us/resume");
            }
        }
        // 6. Fixed cost per instance vs marginal cost per activity: a 1-activity flowchart against the 7-activity one.
        {
            var one = Definitions.SingleStart();
            foreach (var kind in new[] { StoreKind.Discarding, StoreKind.InMemory })
            {
                var r1 = await ProfileRunAsync(kind, one, n);
                var r7 = await ProfileRunAsync(kind, noop, n);
                var perActivity = (r7.Time.Cpu - r1.Time.Cpu) / 6 / n * 1e6;
                var fixedCost = r1.Time.Cpu / n * 1e6 - perActivity;
                var allocActivity = (r7.AllocatedBytes - r1.AllocatedBytes) / 6.0 / n;
                report.Profile($"{kind} store: fixed cost per instance (StartAsync: compile-cache lookup, new instance, first commit, lock) {fixedCost:0.00} us and " +
                    $"{r1.AllocatedBytes / (double)n - allocActivity:N0} B (goal <= 1 us, <= 1,024 B); marginal cost per activity {perActivity:0.00} us and {allocActivity:N0} B allocated (goal <= 1 us, <= 200 B)");
            }
        }

        // 7. Per-instance bookkeeping left behind in WorkflowRuntime after instances finished.
        {
            await using var host = await EngineHost.CreateAsync(StoreKind.Discarding, null, null, noop);
            var cycles = Quick ? 10_000 : 100_000;
            var before = GC.GetTotalMemory(true);
            await RunCyclesAsync(host.Runtime, noop, cycles);
            var after = GC.GetTotalMemory(true);
            report.Profile($"after {cycles:N0} finished instances on a store that keeps nothing, WorkflowRuntime holds {LockEntries(host.Runtime)} per-instance lock entries; " +
                $"live heap grew {(after - before) / 1048576.0:0.0} MB ({(after - before) / (double)cycles:0} B per finished instance)");
        }

        // 7b. What the in-memory store keeps per finished instance (state bytes, header, journal).
        {
            var cycles = Quick ? 10_000 : 50_000;
            await using var discard = await EngineHost.CreateAsync(StoreKind.Discarding, null, null, noop);
            await using var memory = await EngineHost.CreateAsync(StoreKind.InMemory, null, null, noop);
            long Grow(Func<Task> run) { var b = GC.GetTotalMemory(true); run().GetAwaiter().GetResult(); return GC.GetTotalMemory(true) - b; }
            var runtimeOnly = Grow(() => RunCyclesAsync(discard.Runtime, noop, cycles));
            var withStore = Grow(() => RunCyclesAsync(memory.Runtime, noop, cycles));
            report.Profile($"InMemoryWorkflowInstanceStore keeps {(withStore - runtimeOnly) / (double)cycles:0} B per finished 7-activity instance " +
                $"(header, state copy, journal entries); with what the runtime keeps, {withStore / (double)cycles:0} B " +
                $"= {withStore * 100_000.0 / cycles / 1048576:0} MB live per 100k instances, which gen0/gen1 collections must promote as it accumulates");
        }

        // 8. Resume on SQLite (figure e), broken down: bookmark lookup, instance load, definition load (+ compile), commits.
        {
            var definition = Definitions.EventWait("bench-go");
            TimingStore? timing = null;
            TimingVersionSource? versions = null;
            await using var host = await EngineHost.CreateAsync(StoreKind.Sqlite, s => timing = new TimingStore(s), null,
                v => versions = new TimingVersionSource(v), definition);
            var ids = new List<string>();
            for (var i = 0; i < 1_000; i++) ids.Add((await host.Runtime.StartAsync(definition)).State.Bookmarks[0].Id);
            foreach (var id in ids.Take(100)) await host.Runtime.ResumeAsync(id);
            timing!.Reset();
            versions!.Calls = 0; versions.WallSeconds = 0;
            var watch = Stopwatch.StartNew();
            foreach (var id in ids.Skip(100)) await host.Runtime.ResumeAsync(id);
            var count = ids.Count - 100;
            var total = watch.Elapsed.TotalSeconds;
            double Ms(double seconds) => seconds * 1e3 / count;
            var rest = total - timing.BookmarkFindWallSeconds - timing.FindWallSeconds - versions.WallSeconds - timing.CommitWallSeconds;
            report.Profile($"ResumeAsync on SQLite, {Ms(total):0.000} ms/resume (wall): store.FindBookmarkAsync {Ms(timing.BookmarkFindWallSeconds):0.000} ms, " +
                $"store.FindAsync {Ms(timing.FindWallSeconds):0.000} ms, IWorkflowVersionSource.FindVersionAsync (StoreVersionSource -> EF) {Ms(versions.WallSeconds):0.000} ms, " +
                $"{timing.Commits / (double)count:0} x CommitAsync {Ms(timing.CommitWallSeconds):0.000} ms, rest (compile, run) {Ms(rest):0.000} ms");
            var compiler = host.Services.GetRequiredService<Agent.Workflows.Execution.Flowchart.WorkflowCompiler>();
            var json = WorkflowDefinitionReader.Write(definition);
            for (var i = 0; i < 200; i++) compiler.Compile(WorkflowDefinitionReader.Parse(json));
            var cpu = CpuClock.ThreadSeconds();
            for (var i = 0; i < 2_000; i++) WorkflowDefinitionReader.Parse(json);
            var parse = (CpuClock.ThreadSeconds() - cpu) / 2_000 * 1e6;
            cpu = CpuClock.ThreadSeconds();
            for (var i = 0; i < 2_000; i++) compiler.Compile(WorkflowDefinitionReader.Parse(json));
            var compile = (CpuClock.ThreadSeconds() - cpu) / 2_000 * 1e6 - parse;
            report.Profile($"WorkflowCompiler.Compile of a freshly parsed copy of an already compiled version (what each resume through StoreVersionSource does): " +
                $"{compile:0.0} us for the 3-activity definition, + {parse:0.0} us to parse its JSON");
        }
    }

    /// <summary>How many per-instance lock entries the runtime holds (read by reflection: a diagnostic, not API).</summary>
    private static string LockEntries(WorkflowRuntime runtime)
    {
        foreach (var field in typeof(WorkflowRuntime).GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance))
        {
            var value = field.GetValue(runtime);
            if (value is System.Collections.ICollection c && field.Name.Contains("lock", StringComparison.OrdinalIgnoreCase)) return c.Count.ToString("N0");
            if (value?.GetType().Name.Contains("Lock", StringComparison.Ordinal) == true && value.GetType().GetProperty("Count")?.GetValue(value) is int n) return n.ToString("N0");
        }
        return "an unknown number of";
    }

    private static string Us(double seconds, long count) => count == 0 ? "n/a" : (seconds * 1e6 / count).ToString("0.00");
    private static string Share(double part, double whole) => $"{part / whole:P0}";

    private sealed record ProfileResult(Measured Time, double CommitCpu, long Commits, long CommitBytes, long AllocatedBytes, int Gen0, int Gen1, int Gen2, double GcPauseMs, double HeapMb)
    {
        public string Describe(long cycles) =>
            $"{AllocatedBytes / cycles / 1024.0:0.0} KB alloc/cycle, GCs {Gen0}/{Gen1}/{Gen2}" + (Commits > 0 ? $", commits {CommitCpu / Time.Cpu:P0} of CPU" : "");
    }

    private static async Task<ProfileResult> ProfileRunAsync(StoreKind kind, WorkflowDefinition definition, int cycles, int warmup = EngineWarmup)
    {
        TimingStore? timing = null;
        await using var host = await EngineHost.CreateAsync(kind, kind == StoreKind.Discarding ? null : s => timing = new TimingStore(s), null, definition);
        await RunCyclesAsync(host.Runtime, definition, warmup);
        timing?.Reset();
        GC.Collect();
        var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var pause = GC.GetTotalPauseDuration();
        var alloc = GC.GetAllocatedBytesForCurrentThread();
        var time = await RunCyclesAsync(host.Runtime, definition, cycles);
        return new ProfileResult(time, timing?.CommitCpuSeconds ?? 0, timing?.Commits ?? 0, timing?.CommitBytes ?? 0,
            GC.GetAllocatedBytesForCurrentThread() - alloc,
            GC.CollectionCount(0) - g0, GC.CollectionCount(1) - g1, GC.CollectionCount(2) - g2,
            (GC.GetTotalPauseDuration() - pause).TotalMilliseconds, GC.GetTotalMemory(false) / 1048576.0);
    }
}

