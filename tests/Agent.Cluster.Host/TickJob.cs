using Npgsql;
using Quartz;

namespace Agent.Cluster.Host;

/// <summary>Where a replica records its ticks, and under which name.</summary>
public sealed record TickSettings(string ConnectionString, string Replica);

/// <summary>Records one fire of the test's cron trigger: the tick it was scheduled for and the replica that fired it.</summary>
public sealed class TickJob(TickSettings settings) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("INSERT INTO ticks (scheduled_at, replica, fired_at) VALUES ($1, $2, now())", connection);
        insert.Parameters.AddWithValue(context.ScheduledFireTimeUtc?.UtcDateTime ?? DateTime.UtcNow);
        insert.Parameters.AddWithValue(settings.Replica);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
