using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;

namespace Agent.Server.Serve;

/// <summary>REST endpoints of the audit log: <c>GET /api/audit</c> (newest first) and <c>GET /api/audit/verify</c>.</summary>
public static class AuditEndpoints
{
    /// <summary>Maps <c>/api/audit</c>.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit");
        audit.MapGet("/", async (AuditLog log, string? kind, int? limit, CancellationToken ct) =>
        {
            if (kind is { Length: > 0 } && !SafetyEventKinds.All.Contains(kind))
                return Results.Problem($"'{kind}' is not an event kind; use one of: {string.Join(", ", SafetyEventKinds.All)}.", statusCode: StatusCodes.Status400BadRequest, title: "Unknown kind");
            return Results.Ok(await log.ListAsync(kind, Math.Clamp(limit ?? 50, 1, 1000), ct));
        });
        audit.MapGet("/verify", async (AuditVerifier verifier, CancellationToken ct) => Results.Ok(await verifier.VerifyAsync(ct)));
        return app;
    }
}
