using Agent.Activities.Persistence;

namespace Agent.Activities.Claude;

/// <summary>
/// SQL for the heartbeat times of Claude jobs, read from the database's own clock: replicas whose clocks drift apart
/// still agree on which heartbeat is older than the lease timeout (as the engine's instance leases do). Times are ISO
/// 8601 UTC text of one fixed width per provider, so text order is time order.
/// </summary>
internal static class ClaudeJobClock
{
    // 7 fractional digits, as .NET's round-trip format writes the other times of the table.
    private const string PostgresFormat = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"0Z\"'";
    private const string SqliteFormat = "'%Y-%m-%dT%H:%M:%fZ'";

    /// <summary>The parameter holding the lease timeout in seconds that <see cref="Cutoff"/> reads.</summary>
    public const string TimeoutParameter = "@leaseSeconds";

    /// <summary>SQL for the current time.</summary>
    public static string Now(SqlSession session) => session.IsPostgreSql
        ? $"to_char(clock_timestamp() AT TIME ZONE 'UTC', {PostgresFormat})"
        : $"strftime({SqliteFormat}, 'now')";

    /// <summary>SQL for the time <see cref="TimeoutParameter"/> seconds ago: heartbeats older than it are expired.</summary>
    public static string Cutoff(SqlSession session) => session.IsPostgreSql
        ? $"to_char((clock_timestamp() - make_interval(secs => {TimeoutParameter})) AT TIME ZONE 'UTC', {PostgresFormat})"
        : $"strftime({SqliteFormat}, 'now', '-' || {TimeoutParameter} || ' seconds')";

    /// <summary>The value of <see cref="TimeoutParameter"/>.</summary>
    public static (string Name, object? Value) Timeout(TimeSpan leaseTimeout) => (TimeoutParameter, leaseTimeout.TotalSeconds);
}
