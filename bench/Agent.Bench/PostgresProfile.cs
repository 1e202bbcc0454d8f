using System.Diagnostics;
using Agent.Testing.Postgres;
using Npgsql;

namespace Agent.Bench;

/// <summary>
/// Profile <c>postgres-profile</c>: where a durable 7-activity cycle's time goes on PostgreSQL, measured with counters
/// that other processes on the machine do not inflate: the bench process's CPU time, the PostgreSQL server's CPU time
/// (all its processes, from /proc), and the statements the server ran for
/// one cycle (its statement log, switched on for that cycle only). SQLite's process CPU per cycle is printed beside it.
/// </summary>
public sealed class PostgresProfile(BenchOptions options, Report report)
{
    private int Cycles => options.Quick ? 500 : 1_500;

    /// <summary>Runs the profile and adds its lines to the report.</summary>
    public async Task RunAsync()
    {
        await using var server = await PostgresServer.StartAsync(durable: true);
        var definition = Definitions.WorkCycle();
        var database = await server.CreateDatabaseAsync("profile");
        await using var pg = await EngineHost.CreatePostgreSqlAsync(database, definition);
        await using var sqlite = await EngineHost.CreateAsync(StoreKind.Sqlite, null, null, definition);
        await Figures.RunCyclesAsync(pg.Runtime, definition, 200);
        await Figures.RunCyclesAsync(sqlite.Runtime, definition, 200);

        foreach (var line in await StatementsOfOneCycleAsync(server, database, pg, definition))
            report.Profile($"postgres-profile: one cycle ran on the server: {line}");

        var serverBefore = ServerCpuSeconds(server);
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var pgWall = (await Figures.RunCyclesAsync(pg.Runtime, definition, Cycles)).Wall;
        var pgClient = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds;
        var pgServer = ServerCpuSeconds(server) - serverBefore;

        clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sqliteWall = (await Figures.RunCyclesAsync(sqlite.Runtime, definition, Cycles)).Wall;
        var sqliteClient = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds;

        report.Profile($"postgres-profile: per cycle on PostgreSQL: {Us(pgWall)} us wall, {Us(pgClient)} us bench-process CPU, {Us(pgServer)} us server CPU");
        report.Profile($"postgres-profile: {await RowsAsync(database)}");
        report.Profile($"postgres-profile: per cycle on SQLite: {Us(sqliteWall)} us wall, {Us(sqliteClient)} us process CPU; " +
            $"CPU ratio SQLite ÷ PostgreSQL (client + server) {Report.F(sqliteClient / (pgClient + pgServer), "0.00")}");
    }

    private string Us(double seconds) => Report.F(seconds / Cycles * 1e6, "0");

    // The server logs every statement for one cycle only: "statement:" lines are simple queries, "execute" lines prepared ones.
    private static async Task<IReadOnlyList<string>> StatementsOfOneCycleAsync(PostgresServer server, string database, EngineHost host,
        Agent.Workflows.Model.WorkflowDefinition definition)
    {
        var log = Path.Combine(Path.GetDirectoryName(server.DataDirectory)!, "server.log");
        await AdminAsync(server, "ALTER SYSTEM SET log_statement = 'all'");
        var start = new FileInfo(log).Length;
        await Figures.RunCyclesAsync(host.Runtime, definition, 1);
        await AdminAsync(server, "ALTER SYSTEM RESET log_statement");
        await using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(start, SeekOrigin.Begin);
        var lines = (await new StreamReader(stream).ReadToEndAsync()).Split('\n')
            .Where(l => l.Contains("LOG:  statement:", StringComparison.Ordinal) || l.Contains("LOG:  execute", StringComparison.Ordinal))
            .Where(l => !l.Contains("ALTER SYSTEM", StringComparison.Ordinal) && !l.Contains("pg_reload_conf", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("LOG:  ", StringComparison.Ordinal) + 6)..])
            .Select(l => l.Length > 110 ? l[..110] + "…" : l)
            .ToList();
        return [$"{lines.Count} statements", .. lines.GroupBy(l => l).Select(g => $"{g.Count()} x {g.Key}")];
    }

    private static async Task AdminAsync(PostgresServer server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand(sql, connection)) await command.ExecuteNonQueryAsync();
        await using (var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection)) await reload.ExecuteNonQueryAsync();
        await Task.Delay(300); // the server applies a reload asynchronously
    }

    // What the commits write: the state's size decides whether PostgreSQL compresses and TOASTs it on every update.
    private static async Task<string> RowsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), avg(octet_length(\"stateJson\")), avg(pg_column_size(\"stateJson\")), " +
            "(SELECT count(*) FROM workflows.journal) FROM workflows.instances", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"{reader.GetInt64(0)} instances, stateJson {reader.GetDecimal(1):0} characters ({reader.GetDecimal(2):0} bytes stored), {reader.GetInt64(3)} journal rows";
    }

    // utime + stime of the postmaster and all its children, in seconds (USER_HZ is 100 on Linux).
    private static double ServerCpuSeconds(PostgresServer server)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(server.DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is state (field 3); ppid is field 4, utime 14, stime 15.
            if (pid != postmaster && fields[1] != postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture)) continue;
            ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        }
        return ticks / 100.0;
    }
}
