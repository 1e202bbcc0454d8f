using Agent.Activities.Learning.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Server.Dashboard;

/// <summary>One-line wiring of the monitoring dashboard (<c>/dashboard</c>) into <c>agent serve</c>.</summary>
public static class DashboardHosting
{
    /// <summary>Adds the dashboard's options and readers (over services the host already has).</summary>
    public static IServiceCollection AddAgentDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<KpiSeriesCalculator>();
        services.AddScoped<DashboardCycles>();
        services.AddScoped<CycleDiffReader>();
        services.AddScoped<TargetMeasurements>();
        services.AddScoped<DashboardSections>();
        return services;
    }

    /// <summary>Maps the page, its files, the data endpoints and the event stream; logs how to install Chart.js when it is missing.</summary>
    public static WebApplication MapAgentDashboard(this WebApplication app)
    {
        var chart = DashboardPage.ChartJsFile(app.Services);
        if (!File.Exists(chart))
            app.Logger.LogWarning("Chart.js is not installed at {File}; run tools/dashboard/ensure-installed.sh (./run.sh does) so /dashboard can draw its charts.", chart);
        app.MapDashboardPage();
        app.MapDashboardApi();
        return app;
    }
}
