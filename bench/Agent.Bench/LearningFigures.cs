using System.Diagnostics;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Graph;
using Agent.Activities.Learning.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Agent.Bench;

/// <summary>
/// Figures <c>errors</c> and <c>graph</c>: the learning system's lookups on a knowledge base file of realistic size.
/// <c>error-lookup-p95-ms</c>: <see cref="ErrorDatabase.LookupAsync"/> (exact signature, then FTS5 + overlap, with the
/// best solutions) for new errors like stored ones, with 100,000 distinct errors stored. <c>graph-neighbours-p95-ms</c>:
/// <see cref="KnowledgeGraph.NeighboursAsync"/> of uniformly chosen nodes with 100,000 edges stored. Each call opens its
/// context from the pool as the services do in production.
/// </summary>
public sealed class LearningFigures(BenchOptions options, Report report)
{
    private const int Queries = 500;
    private const int WarmUp = 50;
    private int Errors => options.Quick ? 20_000 : 100_000;
    private int Edges => options.Quick ? 20_000 : 100_000;

    private static readonly string[] Templates =
    [
        "/src/{2}/{0}.cs(12,5): error CS0103: The name '{1}' does not exist in the current context",
        "/src/{2}/{0}.cs(40,9): error CS0246: The type or namespace name '{0}' could not be found (are you missing a using directive or an assembly reference?)",
        "/src/{2}/{0}.cs(7,1): error CS1061: '{0}' does not contain a definition for '{1}' and no accessible extension method '{1}' could be found",
        "System.NullReferenceException: Object reference not set to an instance of an object.\n   at {2}.{0}.{1}() in /src/{0}.cs:line 33",
        "ConfigError: missing key '{1}' in /etc/{2}/{0}.ini at line 4",
        "Assert.AreEqual failed. Expected:<3>. Actual:<4>. in {2}.{0}Tests.{1}_works",
        "npm ERR! 404 Not Found - '{1}-{0}@1.2.3' is not in this registry ({2})",
        "src/{2}/{0}.ts(3,14): error TS2339: Property '{1}' does not exist on type '{0}'.",
    ];

    public async Task ErrorLookupAsync()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "agent-bench-learning", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var (db, errors) = Open(Path.Combine(root, "knowledge_base.db"));
            var words = Words(4000, seed: 1);
            var fill = Stopwatch.StartNew();
            await db.WriteAsync(async ctx =>
            {
                var random = new Random(2);
                var at = DateTimeOffset.UtcNow;
                var stored = new HashSet<long>();
                for (var i = 0; stored.Count < Errors; i++)
                {
                    var text = string.Format(Templates[i % Templates.Length], Pascal(words[random.Next(words.Length)]), words[random.Next(words.Length)], words[random.Next(words.Length)]);
                    var observation = new ErrorObservation(text, "bench");
                    var id = await ErrorDatabase.UpsertAsync(ctx, observation, ErrorNormalizer.Normalize(observation), at, CancellationToken.None);
                    stored.Add(id); // a repeated signature returns the id it already has
                    if (i % 10 == 0) await ErrorDatabase.UpsertSolutionAsync(ctx, id, $"fix {i}", worked: true, byAgent: true, null, at, CancellationToken.None, new SolutionOrigin($"{i:x40}", "/bench/repository"));
                }
                return stored.Count;
            }, CancellationToken.None);
            Report.Progress($"errors: stored {Errors} errors in {fill.Elapsed.TotalSeconds:0.0} s");

            // New errors like the stored ones: another path, line and file, a word changed.
            var queryRandom = new Random(3);
            var queries = Enumerable.Range(0, WarmUp + Queries).Select(i => new ErrorObservation(string.Format(Templates[i % Templates.Length],
                Pascal(words[queryRandom.Next(words.Length)]), words[queryRandom.Next(words.Length)], "elsewhere").Replace("(12,5)", "(99,1)", StringComparison.Ordinal))).ToList();
            var latencies = new List<double>();
            var cpu = new List<double>();
            var found = 0;
            var gcBefore = 0;
            long allocated = 0;
            for (var i = 0; i < queries.Count; i++)
            {
                var cpuStart = CpuClock.ThreadSeconds();
                var bytesStart = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                var matches = await errors.LookupAsync(queries[i]);
                watch.Stop();
                var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesStart;
                var cpuMs = (CpuClock.ThreadSeconds() - cpuStart) * 1000;
                if (i == WarmUp - 1) gcBefore = GC.CollectionCount(0);
                if (i < WarmUp) continue;
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                cpu.Add(cpuMs);
                allocated += bytes;
                if (matches.Count > 0) found++;
            }
            Print("error-lookup-p95-ms", latencies, $"{Errors:N0} errors stored, {Queries} lookups of new errors, {found} found matches, {GC.CollectionCount(0) - gcBefore} gen0 GCs, {allocated / Queries / 1024} KB allocated per lookup");
            // SQLite answers synchronously under the async API, so a lookup runs on one thread: its CPU time is what it
            // costs when the machine is not shared (wall time also counts waiting for a core).
            if (CpuClock.IsCpuTime) report.Context("error-lookup-cpu-p95-ms", Report.F(Stats.Percentile(cpu, 95), "0.00"), $"thread CPU, p50 {Report.F(Stats.Percentile(cpu, 50), "0.00")} ms");
            db.Dispose();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    public async Task GraphNeighboursAsync()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "agent-bench-learning", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var (db, errors) = Open(Path.Combine(root, "knowledge_base.db"));
            var graph = new KnowledgeGraph(db, errors);
            var types = Enum.GetValues<NodeType>();
            var edgeTypes = Enum.GetValues<EdgeType>();
            var nodeCount = Edges / 5;
            var fill = Stopwatch.StartNew();
            await db.WriteAsync(async ctx =>
            {
                var random = new Random(4);
                var ids = new long[nodeCount];
                for (var i = 0; i < nodeCount; i++)
                    ids[i] = await KnowledgeGraph.NodeAsync(ctx, new NodeRef(types[i % types.Length], $"node-{i}"), null, CancellationToken.None);
                var edgeIds = new HashSet<long>(); // a repeated edge adds weight to the one it already has
                while (edgeIds.Count < Edges)
                    edgeIds.Add(await KnowledgeGraph.EdgeAsync(ctx, ids[random.Next(nodeCount)], edgeTypes[random.Next(edgeTypes.Length)], ids[random.Next(nodeCount)], 1 + random.Next(5), CancellationToken.None));
                return 0;
            }, CancellationToken.None);
            var edges = await db.ReadAsync(ctx => Task.FromResult(ctx.Edges.LongCount()), CancellationToken.None);
            Report.Progress($"graph: stored {nodeCount} nodes and {edges} edges in {fill.Elapsed.TotalSeconds:0.0} s");

            var queryRandom = new Random(5);
            var latencies = new List<double>();
            for (var i = 0; i < WarmUp + Queries; i++)
            {
                var n = queryRandom.Next(nodeCount);
                var node = new NodeRef(types[n % types.Length], $"node-{n}");
                // Alternate the shapes the planner uses: all neighbours, one edge type, one edge and neighbour type.
                EdgeType? edgeType = i % 3 == 0 ? null : edgeTypes[i % edgeTypes.Length];
                NodeType? neighbourType = i % 3 == 2 ? types[i % types.Length] : null;
                var watch = Stopwatch.StartNew();
                await graph.NeighboursAsync(node, edgeType, neighbourType);
                watch.Stop();
                if (i >= WarmUp) latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
            Print("graph-neighbours-p95-ms", latencies, $"{edges:N0} edges over {nodeCount:N0} nodes, {Queries} queries of uniformly chosen nodes");
            db.Dispose();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private void Print(string name, List<double> latencies, string note)
    {
        var p50 = Stats.Percentile(latencies, 50);
        var p95 = Stats.Percentile(latencies, 95);
        report.Figure(name, Report.F(p95, "0.00"), "< 5", Math.Round(p95, 2) < 5,
            $"p50 {Report.F(p50, "0.00")} ms, max {Report.F(latencies.Max(), "0.00")} ms; {note}");
    }

    private static (KnowledgeDatabase, ErrorDatabase) Open(string path)
    {
        var options = Options.Create(new LearningOptions { DatabasePath = path });
        var db = new KnowledgeDatabase(options, Options.Create(new Agent.Workflows.Persistence.DatabaseOptions()));
        return (db, new ErrorDatabase(db, options, TimeProvider.System));
    }

    // Pronounceable made-up identifiers, so signatures are distinct and terms have a realistic spread of frequencies.
    private static string[] Words(int count, int seed)
    {
        string[] syllables = ["ka", "lo", "mi", "ter", "von", "sa", "pri", "dex", "nu", "bar", "qui", "zel", "tor", "fen", "ra", "mo", "lix", "gan", "pe", "sul"];
        var random = new Random(seed);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < count) words.Add(string.Concat(Enumerable.Range(0, 2 + random.Next(3)).Select(_ => syllables[random.Next(syllables.Length)])));
        return [.. words];
    }

    private static string Pascal(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
