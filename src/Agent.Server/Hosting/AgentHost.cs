using Agent.Activities.Safety.Oversight;
using Agent.Activities.Assessment;
using Agent.Activities.Claude;
using Agent.Activities.Coordination;
using Agent.Activities.Cycle;
using Agent.Activities.Discovery;
using Agent.Activities.Research;
using Agent.Workflows;
using Microsoft.Extensions.Logging.Console;

namespace Agent.Server.Hosting;

/// <summary>
/// The one place that wires a host. The CLI, <c>agent serve</c> and the tests all start from here, so they share
/// configuration, options validation, logging, the workflow engine and persistence.
/// </summary>
public static class AgentHost
{
    /// <summary>A host for CLI verbs: no web server, logs at <see cref="AgentHostSettings.CliLogLevel"/> to stderr.</summary>
    public static HostApplicationBuilder CreateCliBuilder(AgentHostSettings settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = settings.ContentRoot,
            DisableDefaults = true,
        });
        AddAgent(builder, settings);
        builder.Logging.SetMinimumLevel(settings.CliLogLevel);
        return builder;
    }

    /// <summary>A host for <c>agent serve</c>: Kestrel plus the same services; logging levels from configuration.</summary>
    public static WebApplicationBuilder CreateServerBuilder(AgentHostSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = settings.ContentRoot });
        AddAgent(builder, settings);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        return builder;
    }

    private static void AddAgent(IHostApplicationBuilder builder, AgentHostSettings settings)
    {
        AgentConfiguration.Apply(builder.Configuration, builder.Environment, settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        // Everything logged goes to stderr, so stdout stays clean for verb output such as --json.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        AddOptions(builder.Services, builder.Configuration);
        builder.Services.AddWorkflowEngine();
        AgentPersistence.Add(builder.Services, builder.Configuration, builder.Environment.ContentRootPath);
        AddClaude(builder.Services, builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddImprovementCycle(builder.Configuration, builder.Environment.ContentRootPath);
        CycleHosting.Add(builder.Services, builder.Configuration, builder.Environment.ContentRootPath);
        AgentLearning.Add(builder.Services, builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddCapabilityDiscovery(builder.Configuration.GetSection(DiscoveryOptions.SectionName), builder.Environment.ContentRootPath);
        IntegrationHosting.Add(builder.Services, builder.Configuration, builder.Environment.ContentRootPath);
        // The agents' message bus (coordination.db in the data directory) and its Send/Receive Message activities.
        builder.Services.AddCoordination(builder.Configuration.GetSection(CoordinationOptions.SectionName), builder.Environment.ContentRootPath);
        // After the learning system, so research asks the error database before any outside source.
        builder.Services.AddExternalResearch(builder.Configuration, builder.Environment.ContentRootPath);
        settings.ConfigureServices?.Invoke(builder.Services, builder.Configuration);
    }

    // The runner, batches and jobs behind the MCP tools and the ClaudeExecute activity; the jobs database is
    // relative to the content root like the main one.
    private static void AddClaude(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var claude = configuration.GetSection(ClaudeCliOptions.SectionName);
        services.AddClaudeRunner(claude);
        services.AddClaudeActivities();
        // Every run's tool calls go through the policy (AddSafetyPolicy, part of AddImprovementCycle) by a PreToolUse hook.
        services.AddToolCallOversight(configuration);
        var jobsPath = claude["Jobs:DatabasePath"] is { Length: > 0 } configured ? configured : new ClaudeJobsOptions().DatabasePath;
        services.AddClaudeJobs(o => o.DatabasePath = Path.GetFullPath(jobsPath, contentRoot));
    }

    private static void AddOptions(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
    }
}
