using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agent.Server.Health;

/// <summary>
/// Healthy when EF Core reports no pending migration for any database of <see cref="MigratedDatabases"/>. A replica whose
/// schema is behind its code must not take traffic: it would fail on the first query that touches a new column.
/// </summary>
public sealed class MigrationsHealthCheck(MigratedDatabases databases) : IHealthCheck
{
    /// <summary>The name of this check in the health answers.</summary>
    public const string Name = "migrations";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        foreach (var database in databases.All)
        {
            try
            {
                var pending = await database.PendingAsync(cancellationToken);
                if (pending.Count > 0)
                    problems.Add($"the {database.Name} database has {pending.Count} pending migration(s) ({string.Join(", ", pending.Take(3))}{(pending.Count > 3 ? ", …" : "")})");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problems.Add($"the {database.Name} database cannot be checked: {e.Message}");
            }
        }
        var names = string.Join(", ", databases.All.Select(d => d.Name));
        return problems.Count == 0
            ? HealthCheckResult.Healthy($"All migrations are applied ({names}).")
            : HealthCheckResult.Unhealthy(
                $"Migrations are not applied: {string.Join("; ", problems)}. The server applies them on start: see its log for why that failed, fix the cause and restart it.");
    }
}
