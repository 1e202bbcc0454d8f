using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Agent.Bench;

/// <summary>
/// The floor of figure (c): what a hand-written durable loop costs. Per cycle one transaction inserts the state row;
/// then per activity the work unit runs and one transaction appends a journal row and updates the state row (a
/// freshly serialized JSON document of about the engine's state size). Raw Microsoft.Data.Sqlite, prepared
/// commands, the engine store's pragmas (WAL, synchronous=NORMAL).
/// </summary>
public sealed class SqliteFloor : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertState, _updateState, _insertJournal;
    private readonly string _padding;

    public SqliteFloor(string path, int stateJsonSize)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
        Exec("""
            CREATE TABLE IF NOT EXISTS state(id TEXT PRIMARY KEY, revision INTEGER NOT NULL, status TEXT NOT NULL,
                updated_at INTEGER NOT NULL, data TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS journal(id INTEGER PRIMARY KEY, instance_id TEXT NOT NULL, sequence INTEGER NOT NULL,
                activity_id TEXT NOT NULL, activity_type TEXT NOT NULL, started_at INTEGER NOT NULL, completed_at INTEGER NOT NULL,
                duration_ms REAL NOT NULL, status TEXT NOT NULL, outcomes TEXT NULL);
            CREATE INDEX IF NOT EXISTS ix_journal_instance ON journal(instance_id, sequence);
            """);
        _insertState = Prepare("INSERT INTO state(id, revision, status, updated_at, data) VALUES ($id, 1, $status, $now, $data)",
            "$id", "$status", "$now", "$data");
        _updateState = Prepare("UPDATE state SET revision = revision + 1, status = $status, updated_at = $now, data = $data WHERE id = $id AND revision = $rev",
            "$id", "$status", "$now", "$data", "$rev");
        _insertJournal = Prepare("""
            INSERT INTO journal(instance_id, sequence, activity_id, activity_type, started_at, completed_at, duration_ms, status, outcomes)
            VALUES ($id, $seq, $activity, $type, $start, $end, $ms, 'Completed', 'Done')
            """, "$id", "$seq", "$activity", "$type", "$start", "$end", "$ms");
        // The floor's state document carries a few real fields plus padding up to the engine's serialized state size.
        var probe = JsonSerializer.Serialize(new FloorState("0123456789abcdef0123456789abcdef", "Running", 7, "a7", ""));
        _padding = new string('x', Math.Max(0, stateJsonSize - probe.Length));
    }

    private sealed record FloorState(string Id, string Status, long Sequence, string? Next, string Padding);

    /// <summary>Runs <paramref name="cycles"/> durable cycles of seven work units.</summary>
    public Measured Run(int cycles)
    {
        var cpu = CpuClock.ThreadSeconds();
        var watch = Stopwatch.StartNew();
        for (var c = 0; c < cycles; c++)
        {
            var id = Guid.NewGuid().ToString("N");
            using (var tx = _connection.BeginTransaction())
            {
                Bind(_insertState, tx, id, "Running", Json(id, "Running", 0, "a1"));
                _insertState.ExecuteNonQuery();
                tx.Commit();
            }
            for (var step = 0; step < 7; step++)
            {
                var started = Stopwatch.GetTimestamp();
                WorkUnit.Steps[step]();
                var ended = Stopwatch.GetTimestamp();
                var status = step == 6 ? "Finished" : "Running";
                var json = Json(id, status, step + 1, step == 6 ? null : $"a{step + 2}");
                using var tx = _connection.BeginTransaction();
                _insertJournal.Transaction = tx;
                _insertJournal.Parameters[0].Value = id;
                _insertJournal.Parameters[1].Value = step + 1;
                _insertJournal.Parameters[2].Value = $"a{step + 1}";
                _insertJournal.Parameters[3].Value = "Bench.Work";
                _insertJournal.Parameters[4].Value = started;
                _insertJournal.Parameters[5].Value = ended;
                _insertJournal.Parameters[6].Value = Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds;
                _insertJournal.ExecuteNonQuery();
                Bind(_updateState, tx, id, status, json);
                _updateState.Parameters[4].Value = step + 1;
                if (_updateState.ExecuteNonQuery() != 1) throw new InvalidOperationException("revision conflict");
                tx.Commit();
            }
        }
        return new Measured(watch.Elapsed.TotalSeconds, CpuClock.ThreadSeconds() - cpu);
    }

    private string Json(string id, string status, long sequence, string? next) =>
        JsonSerializer.Serialize(new FloorState(id, status, sequence, next, _padding));

    private static void Bind(SqliteCommand command, SqliteTransaction tx, string id, string status, string json)
    {
        command.Transaction = tx;
        command.Parameters[0].Value = id;
        command.Parameters[1].Value = status;
        command.Parameters[2].Value = DateTimeOffset.UtcNow.UtcTicks;
        command.Parameters[3].Value = json;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = p, Value = DBNull.Value });
        command.Prepare();
        return command;
    }

    private void Exec(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _insertState.Dispose();
        _updateState.Dispose();
        _insertJournal.Dispose();
        _connection.Dispose();
    }
}
