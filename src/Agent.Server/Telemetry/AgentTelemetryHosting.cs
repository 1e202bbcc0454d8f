using Agent.Activities.Telemetry;
using Agent.Server.Auth;
using Agent.Workflows.Diagnostics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Agent.Server.Telemetry;

/// <summary>
/// Exports the agent's metrics in Prometheus text format on <see cref="TelemetryOptions.MetricsPath"/> and, when
/// <c>Telemetry:Otlp:Endpoint</c> is set, its traces over OTLP — both through OpenTelemetry (docs/production/observability.md).
/// </summary>
public static class AgentTelemetryHosting
{
    /// <summary>The service name every replica reports (its <c>service.instance.id</c> is the replica name).</summary>
    public const string ServiceName = "agent";

    /// <summary>Registers the instruments and, unless <c>Telemetry:Enabled</c> is false, the OpenTelemetry metrics and trace pipelines.</summary>
    public static WebApplicationBuilder AddAgentTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.SectionName);
        builder.Services.AddAgentMetrics(section);
        // Read here as well as validated on start: the pipelines must be chosen while the services are still being added.
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Enabled) return builder;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceInstanceId: options.Replica))
            .WithMetrics(metrics => metrics.AddMeter(WorkflowTelemetry.MeterName).AddPrometheusExporter());
        // No exporter, no tracing: an unexported span would cost the engine its creation on every activity for nothing.
        if (options.Otlp.Endpoint is { Length: > 0 } endpoint)
            telemetry.WithTracing(tracing => tracing.AddSource(WorkflowTelemetry.SourceName).AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = new Uri(endpoint);
                otlp.Protocol = options.Otlp.Protocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            }));
        return builder;
    }

    /// <summary>Maps the scrape endpoint: anonymous by default (Prometheus scrapes without credentials), or behind the API's login.</summary>
    public static WebApplication MapAgentMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!options.Enabled) return app;
        var scrape = app.MapPrometheusScrapingEndpoint(options.MetricsPath);
        if (options.MetricsRequireAuth) scrape.RequireAuthorization(AgentAuthentication.ApiPolicy);
        else scrape.AllowAnonymous();
        return app;
    }
}
