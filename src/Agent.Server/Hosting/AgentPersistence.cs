using Agent.Workflows.Persistence;

namespace Agent.Server.Hosting;

/// <summary>Adds persistence from the <c>Persistence</c> section, with relative database paths resolved against the content root.</summary>
public static class AgentPersistence
{
    /// <summary>The configuration section of <see cref="PersistenceOptions"/>.</summary>
    public const string SectionName = "Persistence";

    /// <summary>Registers the stores, the database initializer and the definition service.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetSection(SectionName).Get<PersistenceOptions>() ?? new PersistenceOptions();
        services.AddWorkflowPersistence(options =>
        {
            options.Provider = configured.Provider;
            options.ConnectionString = configured.ConnectionString;
            options.BusyTimeoutMs = configured.BusyTimeoutMs;
            options.DatabasePath = Path.GetFullPath(configured.DatabasePath, contentRoot);
        });
    }
}
