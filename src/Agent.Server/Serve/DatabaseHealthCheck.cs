using Agent.Workflows.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agent.Server.Serve;

/// <summary>Healthy when the instance store answers a query.</summary>
public sealed class DatabaseHealthCheck(IWorkflowInstanceStore store) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.CountAsync(new InstanceQuery(Take: 1), cancellationToken);
            return HealthCheckResult.Healthy("The workflow database answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The workflow database does not answer ({e.Message}); check Persistence:DatabasePath or the connection string and that the database server is up.", e);
        }
    }
}
