using Agent.Activities.Approvals;
using Agent.Activities.Guards;
using Agent.Activities.Safety.Decisions;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agent.Server.Serve;

/// <summary>The body of <c>POST /api/approvals/{id}</c>.</summary>
public sealed record ApprovalDecisionBody(string? Decision, string? Comment, string? By);

/// <summary>The body of <c>POST /api/stop</c>.</summary>
public sealed record StopBody(string? By, string? Reason);

/// <summary>REST endpoints of the improvement cycle's safety features: approvals (and, with the guards, the stop switch).</summary>
public static class CycleEndpoints
{
    private static readonly JsonSerializerOptions ApiJson = new(JsonSerializerDefaults.Web);

    /// <summary>Maps <c>/api/approvals</c> (each pending approval with its cycle's decision records), <c>/api/decisions/{cycleId}</c> and <c>/api/stop</c>.</summary>
    public static IEndpointRouteBuilder MapCycleEndpoints(this IEndpointRouteBuilder app)
    {
        var approvals = app.MapGroup("/api/approvals");
        approvals.MapGet("/", async (ApprovalService service, DecisionStore decisions, CancellationToken ct) =>
        {
            // Each pending approval as before, plus the decision records of its cycle (principles with evidence) that asked for it.
            var list = new JsonArray();
            foreach (var pending in await service.ListPendingAsync(ct))
            {
                var item = JsonSerializer.SerializeToNode(pending, ApiJson)!.AsObject();
                item["decisions"] = JsonSerializer.SerializeToNode(await decisions.ForCycleAsync(pending.InstanceId, ct), ApiJson);
                list.Add(item);
            }
            return Results.Ok(list);
        });
        app.MapGet("/api/decisions/{cycleId}", async (string cycleId, DecisionStore decisions, CancellationToken ct) =>
            await decisions.ForCycleAsync(cycleId, ct) is { Count: > 0 } records ? Results.Ok(records)
                : Results.Problem($"Cycle '{cycleId}' has no decision records (no change of it passed its gates, or the id is wrong).", statusCode: StatusCodes.Status404NotFound, title: "No decision records"));
        approvals.MapGet("/history", async (ApprovalService service, int? take, CancellationToken ct) =>
            Results.Ok(await service.ListDecidedAsync(Math.Clamp(take ?? 50, 1, 1000), ct)));
        approvals.MapPost("/{id}", async (string id, ApprovalDecisionBody? body, ApprovalService service, CancellationToken ct) =>
        {
            try
            {
                var outcome = await service.DecideAsync(id, body?.Decision, body?.By, body?.Comment, ct);
                return Results.Ok(new { outcome.Record.ApprovalId, outcome.Record.InstanceId, outcome.Record.Decision, outcome.Record.By, outcome.Record.Comment, outcome.Record.DecidedAt, outcome.InstanceStatus });
            }
            catch (ApprovalInputException e) { return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid decision"); }
            catch (ApprovalNotFoundException e) { return Results.Problem(e.Message, statusCode: StatusCodes.Status404NotFound, title: "No such approval"); }
            catch (ApprovalAlreadyDecidedException e) { return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Already decided"); }
        });
        var stop = app.MapGroup("/api/stop");
        stop.MapGet("/", (EmergencyStop state) => Results.Ok(new { stopped = state.Status() is not null, state = state.Status() }));
        stop.MapPost("/", async (StopBody? body, EmergencyStopEnforcer enforcer, CancellationToken ct) =>
        {
            var (state, killed) = await enforcer.StopAsync(body?.By ?? "api", body?.Reason, ct);
            return Results.Ok(new { stopped = true, state, killedRuns = killed });
        });
        stop.MapDelete("/", async (EmergencyStopEnforcer enforcer, string? by, CancellationToken ct) => Results.Ok(new { stopped = false, cleared = await enforcer.ClearAsync(by ?? "api", ct) }));
        return app;
    }
}
