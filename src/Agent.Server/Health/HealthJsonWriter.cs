using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agent.Server.Health;

/// <summary>
/// Writes a health report as JSON: the overall status and, per check, its status, description and duration, so whoever
/// reads a failing probe (kubectl describe, a load balancer log) sees which dependency failed and why.
/// </summary>
public static class HealthJsonWriter
{
    /// <summary>Writes <paramref name="report"/> to the response as <c>application/json</c>.</summary>
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                error = e.Value.Exception?.Message,
            }),
        };
        await JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
