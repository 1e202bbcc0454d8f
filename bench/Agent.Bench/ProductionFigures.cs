using Agent.Testing.Postgres;

namespace Agent.Bench;

/// <summary>
/// Figure <c>postgres-vs-sqlite</c>: the durable 7-activity work cycle (every activity committed) on the engine's
/// PostgreSQL store against its SQLite store, on this machine. PostgreSQL is the Debian server started in a temporary
/// data directory with durable settings (fsync on, synchronous commit), as a production server would run; SQLite runs
/// with the engine's own settings (WAL). Sides are interleaved in pairs, in alternating order, each on a fresh database,
/// and the figure is the median of the per-pair throughput ratios PostgreSQL ÷ SQLite, with its spread.
/// </summary>
public sealed class ProductionFigures(BenchOptions options, Report report)
{
    private int Pairs => options.Quick ? 3 : 5;

    // At least a second of timed work per side at the rates seen here (~1 ms a cycle on either store).
    private int Cycles => options.Quick ? 600 : 1_500;

    /// <summary>Starts PostgreSQL, warms both sides up, runs the pairs and adds the figure.</summary>
    public async Task PostgresVsSqliteAsync()
    {
        await using var server = await PostgresServer.StartAsync(durable: true);
        var definition = Definitions.WorkCycle();
        Report.Progress($"postgres-vs-sqlite: PostgreSQL on port {server.Port}, {Pairs} pairs of {Cycles} cycles");
        await RunSideAsync(server, postgres: true, definition, 200);
        await RunSideAsync(server, postgres: false, definition, 200);

        // Alternating which side goes first (InterleavedPairs) so a drift of the machine's load does not favour one side.
        var pairs = await InterleavedPairs.RunAsync(Pairs,
            () => RunSideAsync(server, postgres: true, definition, Cycles),
            () => RunSideAsync(server, postgres: false, definition, Cycles),
            (pg, sqlite) => pg / sqlite);
        report.SpreadFigure("postgres-vs-sqlite", pairs.Ratios, "0.00", $"{pairs.Count} pairs", ">= 0.5", r => r >= 0.5,
            $"durable 7-activity cycles/s: PostgreSQL median {Report.F(Stats.Median(pairs.A), "0")}, SQLite median {Report.F(Stats.Median(pairs.B), "0")}");
    }

    /// <summary>Cycles per second of <paramref name="cycles"/> work cycles on a fresh engine and database.</summary>
    private static async Task<double> RunSideAsync(PostgresServer server, bool postgres, Agent.Workflows.Model.WorkflowDefinition definition, int cycles)
    {
        await using var host = postgres
            ? await EngineHost.CreatePostgreSqlAsync(await server.CreateDatabaseAsync("bench"), definition)
            : await EngineHost.CreateAsync(StoreKind.Sqlite, null, null, definition);
        await Figures.RunCyclesAsync(host.Runtime, definition, 20);
        var measured = await Figures.RunCyclesAsync(host.Runtime, definition, cycles);
        return cycles / measured.Wall;
    }
}
