using Agent.Activities.Approvals;
using Agent.Activities.Guards;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Metrics;
using Agent.Server.Auth;

namespace Agent.Server.Dashboard;

/// <summary>The body of <c>POST /dashboard/api/approvals/{id}</c>: approve or reject, and why.</summary>
public sealed record DashboardDecisionBody(string? Decision, string? Comment);

/// <summary>The body of <c>POST /dashboard/api/stop</c>: engage or release the emergency stop, and why.</summary>
public sealed record DashboardStopBody(string? Action, string? Reason);

/// <summary>
/// The dashboard's JSON endpoints under <see cref="ApiPath"/> and its event stream, all behind the API policy (the
/// Studio's login token or an API key). Decisions and the stop go through the same services as <c>agent approve</c>,
/// <c>agent stop</c> and <c>/api/…</c>, and record the logged-in user as the one who acted.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Where the data endpoints are.</summary>
    public const string ApiPath = DashboardPage.BasePath + "/api";

    /// <summary>How many measurements per target the charts show.</summary>
    private const int PointsPerTarget = 200;

    /// <summary>Maps the data endpoints and <c>/dashboard/events</c>.</summary>
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(ApiPath).RequireAuthorization(AgentAuthentication.ApiPolicy);
        api.MapGet("/kpis", async (KpiSeriesCalculator series, int? windowDays, CancellationToken ct) =>
        {
            var window = windowDays ?? KpiCalculator.DefaultWindowDays;
            try { return Results.Ok(new { windowDays = window, points = await series.ComputeAsync(window, ct) }); }
            catch (LearningInputException e) { return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid window"); }
        });
        api.MapGet("/targets", async (TargetMeasurements targets, CancellationToken ct) =>
            Results.Ok(new { metrics = TargetMeasurements.Charted, targets = await targets.ReadAsync(PointsPerTarget, ct) }));
        api.MapGet("/cycles", async (DashboardSections s, CancellationToken ct) => Results.Ok(await s.CyclesAsync(ct)));
        api.MapGet("/cycles/{instanceId}/diff", async (string instanceId, CycleDiffReader diffs, CancellationToken ct) =>
        {
            try { return Results.Ok(await diffs.ReadAsync(instanceId, ct)); }
            catch (CycleDiffException e) { return Results.Problem(e.Message, statusCode: e.StatusCode, title: "No diff"); }
        });
        api.MapGet("/approvals", async (DashboardSections s, CancellationToken ct) => Results.Ok(await s.ApprovalsAsync(ct)));
        api.MapPost("/approvals/{id}", async (string id, DashboardDecisionBody? body, HttpContext http, ApprovalService service, CancellationToken ct) =>
        {
            try
            {
                var outcome = await service.DecideAsync(id, body?.Decision, Actor(http), body?.Comment, ct);
                return Results.Ok(new { outcome.Record.ApprovalId, outcome.Record.InstanceId, outcome.Record.Decision, outcome.Record.By, outcome.Record.Comment, outcome.InstanceStatus });
            }
            catch (ApprovalInputException e) { return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid decision"); }
            catch (ApprovalNotFoundException e) { return Results.Problem(e.Message, statusCode: StatusCodes.Status404NotFound, title: "No such approval"); }
            catch (ApprovalAlreadyDecidedException e) { return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Already decided"); }
        });
        api.MapGet("/jobs", async (DashboardSections s, CancellationToken ct) => Results.Ok(await s.JobsAsync(ct)));
        api.MapGet("/capabilities", async (DashboardSections s, CancellationToken ct) => Results.Ok(await s.CapabilitiesAsync(ct)));
        api.MapGet("/incidents", async (DashboardSections s, CancellationToken ct) => Results.Ok(await s.IncidentsAsync(ct)));
        api.MapGet("/budget", async (DashboardSections s, CancellationToken ct) => Results.Ok(await s.BudgetAsync(ct)));
        api.MapGet("/stop", (DashboardSections s) => Results.Ok(s.Stop()));
        api.MapPost("/stop", async (DashboardStopBody? body, HttpContext http, EmergencyStopEnforcer enforcer, DashboardSections s, CancellationToken ct) =>
        {
            switch (body?.Action?.Trim().ToLowerInvariant())
            {
                case "engage":
                    var (_, killed) = await enforcer.StopAsync(Actor(http), string.IsNullOrWhiteSpace(body.Reason) ? "dashboard" : body.Reason, ct);
                    return Results.Ok(new { stop = s.Stop(), killedRuns = killed });
                case "release":
                    await enforcer.ClearAsync(Actor(http), ct);
                    return Results.Ok(new { stop = s.Stop(), killedRuns = 0 });
                default:
                    return Results.Problem($"Action '{body?.Action}' is not known; send {{\"action\":\"engage\",\"reason\":\"…\"}} or {{\"action\":\"release\"}}. Nothing changed.",
                        statusCode: StatusCodes.Status400BadRequest, title: "Invalid stop action");
            }
        });
        app.MapGet(DashboardPage.BasePath + "/events", DashboardEvents.StreamAsync).RequireAuthorization(AgentAuthentication.ApiPolicy);
        return app;
    }

    // Who acted: the logged-in user's name (or "api-key"); with authentication disabled there is nobody to name.
    private static string Actor(HttpContext http) => http.User.Identity?.Name is { Length: > 0 } name ? name : "dashboard";
}
