using System.Diagnostics;
using Npgsql;

namespace Agent.Testing.Host.Cluster;

/// <summary>
/// Real <c>agent serve</c> processes sharing one PostgreSQL database, each with its own port and data folder, with a
/// short lease timeout so a takeover is quick. The first one imports <see cref="FailoverWorkflows"/> on start.
/// </summary>
public sealed class ReplicaSet : IAsyncDisposable
{
    private readonly List<CliHarness> _folders = [];

    private ReplicaSet(string database, TimeSpan leaseTimeout)
    {
        Database = database;
        LeaseTimeout = leaseTimeout;
    }

    /// <summary>The lease timeout the replicas run with (<c>Cluster:LeaseTimeout</c>; heartbeat and sweep every second).</summary>
    public TimeSpan LeaseTimeout { get; }

    /// <summary>The shared database's connection string.</summary>
    public string Database { get; }

    /// <summary>The replicas, in start order; replica i has the id <c>replica-i</c>.</summary>
    public List<ServerProcess> Replicas { get; } = [];

    /// <summary>Starts <paramref name="count"/> replicas: the first alone (it imports and migrates), the others at once.</summary>
    public static async Task<ReplicaSet> StartAsync(string database, int count, TimeSpan leaseTimeout, CancellationToken cancellationToken)
    {
        var set = new ReplicaSet(database, leaseTimeout);
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

    /// <summary>Counts the instances matching <paramref name="where"/> (SQL on <c>workflows.instances</c>).</summary>
    public async Task<long> CountInstancesAsync(string where, CancellationToken cancellationToken) =>
        (long)(await QueryAsync($"SELECT count(*) FROM workflows.instances WHERE {where}", cancellationToken))[0][0]!;

    /// <summary>Polls <paramref name="done"/> every 100 ms; throws naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Starts an instance of <paramref name="definitionId"/> on <paramref name="replica"/> in the background; returns its id.</summary>
    public static async Task<string> DispatchAsync(ServerProcess replica, string definitionId, CancellationToken cancellationToken)
    {
        using var response = await replica.Http.PostAsync($"/elsa/api/workflow-definitions/{definitionId}/dispatch",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Dispatching {definitionId} failed: {response.StatusCode} {body}\n{replica.Log}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("workflowInstanceId").GetString()!;
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
