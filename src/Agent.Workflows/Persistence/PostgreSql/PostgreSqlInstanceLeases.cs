using Agent.Workflows.Cluster;
using Npgsql;
using NpgsqlTypes;

namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>
/// Instance leases in the table <c>workflows.instance_leases</c> of the shared database. Expiry is computed and
/// compared with the database's clock only, so replicas whose clocks drift apart still agree on which lease expired.
/// </summary>
public sealed class PostgreSqlInstanceLeases : IInstanceLeases
{
    private const string S = PostgreSqlWorkflowDbContext.Schema;
    // The database's clock in the UTC ticks every timestamp of the engine is stored as (UtcTicksConverter).
    private const string NowTicks = "((EXTRACT(EPOCH FROM clock_timestamp()) * 10000000)::bigint + 621355968000000000)";

    // $1 instance id, $2 owner, $3 lease timeout in ticks. The CTE reads the row as it was before the upsert.
    private const string ClaimSql =
        $"WITH previous AS (SELECT \"owner\" FROM {S}.instance_leases WHERE \"instanceId\" = $1) " +
        $"INSERT INTO {S}.instance_leases (\"instanceId\", \"owner\", \"expiresAt\") VALUES ($1, $2, {NowTicks} + $3) " +
        "ON CONFLICT (\"instanceId\") DO UPDATE SET \"owner\" = excluded.\"owner\", \"expiresAt\" = excluded.\"expiresAt\"{0} " +
        "RETURNING (SELECT \"owner\" FROM previous)";

    private static readonly string ClaimAnySql = string.Format(System.Globalization.CultureInfo.InvariantCulture, ClaimSql, "");
    private static readonly string ClaimFreeSql = string.Format(System.Globalization.CultureInfo.InvariantCulture, ClaimSql,
        $" WHERE {S}.instance_leases.\"owner\" = $2 OR {S}.instance_leases.\"expiresAt\" < {NowTicks}");

    private const string ReleaseSql = $"DELETE FROM {S}.instance_leases WHERE \"instanceId\" = $1 AND \"owner\" = $2";
    private const string RenewSql = $"UPDATE {S}.instance_leases SET \"expiresAt\" = {NowTicks} + $2 WHERE \"owner\" = $1";
    // First drops expired leases whose instance is not running (its owner died after the run's last commit, or before
    // a new instance's first one): nothing is left to take over, and the row would otherwise stay forever.
    private const string OrphanedSql =
        $"DELETE FROM {S}.instance_leases l WHERE l.\"expiresAt\" < {NowTicks} AND NOT EXISTS " +
        $"(SELECT 1 FROM {S}.instances i WHERE i.\"id\" = l.\"instanceId\" AND i.\"status\" = 'Running'); " +
        $"SELECT i.\"id\" FROM {S}.instances i LEFT JOIN {S}.instance_leases l ON l.\"instanceId\" = i.\"id\" " +
        $"WHERE i.\"status\" = 'Running' AND (l.\"instanceId\" IS NULL OR l.\"expiresAt\" < {NowTicks}) ORDER BY i.\"createdAt\"";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the leases of replica <paramref name="replicaId"/> on the engine's database.</summary>
    public PostgreSqlInstanceLeases(WorkflowDataSource dataSource, string replicaId, TimeSpan leaseTimeout)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(replicaId);
        if (leaseTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(leaseTimeout), leaseTimeout, "The lease timeout must be positive; set Cluster:LeaseTimeout, e.g. 00:00:15.");
        _dataSource = dataSource.DataSource;
        ReplicaId = replicaId;
        LeaseTimeout = leaseTimeout;
    }

    /// <inheritdoc />
    public string ReplicaId { get; }

    /// <inheritdoc />
    public TimeSpan LeaseTimeout { get; }

    /// <inheritdoc />
    public async Task<string?> ClaimAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var claim = await ClaimWithAsync(ClaimAnySql, instanceId, cancellationToken).ConfigureAwait(false);
        return claim.PreviousOwner;
    }

    /// <inheritdoc />
    public Task<LeaseClaim> TryClaimAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ClaimWithAsync(ClaimFreeSql, instanceId, cancellationToken);

    private async Task<LeaseClaim> ClaimWithAsync(string sql, string instanceId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = ReplicaId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = LeaseTimeout.Ticks, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        // No row: the conflict's WHERE refused the update, so a live lease of another replica stands.
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return new LeaseClaim(false, null);
        var previous = await reader.IsDBNullAsync(0, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(0);
        return new LeaseClaim(true, previous == ReplicaId ? null : previous);
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(ReleaseSql);
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = ReplicaId, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> RenewAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(RenewSql);
        command.Parameters.Add(new NpgsqlParameter { Value = ReplicaId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = LeaseTimeout.Ticks, NpgsqlDbType = NpgsqlDbType.Bigint });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindOrphanedAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(OrphanedSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) ids.Add(reader.GetString(0));
        return ids;
    }
}
