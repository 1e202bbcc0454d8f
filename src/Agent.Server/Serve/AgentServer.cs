using Agent.Server.Hosting;
using Agent.Server.Auth;
using Agent.Server.Backup;
using Agent.Server.Health;
using Agent.Server.Mcp;
using Agent.Server.Studio;
using Agent.Server.Dashboard;
using Agent.Server.Telemetry;

namespace Agent.Server.Serve;

/// <summary>The web host of <c>agent serve</c>: the shared host wiring plus Kestrel, start-up work and endpoints.</summary>
public static class AgentServer
{
    /// <summary>Builds the application; the caller starts it. Tests use this to run the server in-process.</summary>
    public static WebApplication Build(AgentHostSettings settings)
    {
        var builder = AgentHost.CreateServerBuilder(settings);
        var server = builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        builder.WebHost.UseUrls(server.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Services.AddHostedService<ServerStartup>();
        builder.Services.AddHostedService<InterruptedInstanceRecovery>();
        Agent.Activities.Cluster.InstanceLeaseServiceCollectionExtensions.AddInstanceTakeoverSweep(builder.Services);
        builder.Services.AddHostedService<ExpiredBookmarkPoller>();
        builder.Services.AddHostedService<ClaudeJobWatcher>();
        builder.Services.AddHostedService<MessageDeliveryPoller>();
        Agent.Activities.Approvals.ApprovalsServiceCollectionExtensions.AddDecidedApprovalSweep(builder.Services, builder.Configuration);
        builder.Services.AddSingleton<WaitingWorkerDispatch>();
        builder.Services.AddHostedService<TaskLeaseSweeper>();
        builder.Services.AddHostedService<DetectionSweepService>();
        CycleHosting.AddServer(builder.Services, builder.Configuration);
        builder.Services.AddBackupServer(builder.Configuration);
        Agent.Server.Retention.RetentionServiceCollectionExtensions.AddRetentionServer(builder.Services, builder.Configuration);
        builder.Services.AddAgentHealthChecks();
        builder.Services.AddAgentMcpServer().WithHttpTransport();
        builder.Services.AddAgentStudio(builder.Configuration);
        builder.Services.AddAgentDashboard(builder.Configuration);
        builder.AddAgentTelemetry();

        var app = builder.Build();
        app.UseAgentStudio();
        app.MapAgentDashboard();
        app.MapAgentHealthChecks();
        app.MapAgentMetrics();
        app.MapMcp("/mcp").RequireAuthorization(AgentAuthentication.ApiPolicy);
        app.MapGroup("").RequireAuthorization(AgentAuthentication.ApiPolicy).MapCycleEndpoints().MapAuditEndpoints();
        return app;
    }

    /// <summary>Runs the server until <paramref name="cancellationToken"/> fires or the process is asked to stop.</summary>
    public static async Task RunAsync(AgentHostSettings settings, CancellationToken cancellationToken)
    {
        await using var app = Build(settings);
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }
}
