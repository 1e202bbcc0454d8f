using Npgsql;

namespace Agent.Server.Tests.Cluster;

/// <summary>
/// Real <c>agent serve</c> processes sharing one PostgreSQL database, each with its own port and data folder, with a
/// short lease timeout so a takeover is quick. The first one imports <see cref="FailoverWorkflows"/> on start.
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    /// <summary>The lease timeout the replicas run with.</summary>
    public static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);

    private readonly List<CliHarness> _folders = [];

    private ReplicaSet(string database) => Database = database;

    /// <summary>The shared database's connection string.</summary>
    public string Database { get; }

    /// <summary>The replicas, in start order; replica i has the id <c>replica-i</c>.</summary>
    public List<ServerProcess> Replicas { get; } = [];

    /// <summary>Starts <paramref name="count"/> replicas: the first alone (it imports and migrates), the others at once.</summary>
    public static async Task<ReplicaSet> StartAsync(string database, int count, CancellationToken cancellationToken)
    {
        var set = new ReplicaSet(database);
        try
        {
            set.Replicas.Add(await set.StartReplicaAsync(0, cancellationToken));
            set.Replicas.AddRange(await Task.WhenAll(Enumerable.Range(1, count - 1).Select(i => set.StartReplicaAsync(i, cancellationToken))));
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>The replica id of replica <paramref name="index"/>.</summary>
    public static string ReplicaId(int index) => $"replica-{index}";

    private Task<ServerProcess> StartReplicaAsync(int index, CancellationToken cancellationToken)
    {
        var folder = new CliHarness();
        lock (_folders) _folders.Add(folder);
        if (index == 0) FailoverWorkflows.WriteTo(Path.Combine(folder.Folder, "workflows"));
        return ServerProcess.StartAsync(folder, cancellationToken,
            ("Database:Provider", "PostgreSql"), ("Database:ConnectionString", Database),
            ("Cluster:ReplicaId", ReplicaId(index)),
            ("Cluster:LeaseTimeout", LeaseTimeout.ToString()), ("Cluster:HeartbeatInterval", "00:00:01"),
            ("Cluster:CheckinInterval", "00:00:01"), ("Cluster:CheckinMisfireThreshold", "00:00:01"),
            ("Schedule:SyncInterval", "00:00:01"), ("Telemetry:ReplicaName", ReplicaId(index)),
            ("Server:ImportWorkflowsOnStart", index == 0 ? "true" : "false"));
    }

    /// <summary>Runs a query on the shared database and returns every row's columns.</summary>
    public async Task<List<object?[]>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>What every replica logged, for failure messages.</summary>
    public string Logs() => string.Join("\n", Replicas.Select((r, i) => $"===== {ReplicaId(i)} =====\n{Tail(r.Log)}"));

    private static string Tail(string log) => log.Length <= 6000 ? log : log[^6000..];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var replica in Replicas) await replica.DisposeAsync();
        foreach (var folder in _folders) folder.Dispose();
    }
}
