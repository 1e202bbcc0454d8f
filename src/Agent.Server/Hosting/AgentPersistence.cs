using Agent.Workflows.Persistence;

namespace Agent.Server.Hosting;

/// <summary>
/// Adds the workflow engine's persistence: the <c>Database</c> section (<c>Provider=PostgreSql</c> and a
/// <c>ConnectionString</c> put the engine on PostgreSQL) and the <c>Persistence</c> section for the SQLite file (or
/// InMemory), with relative database paths resolved against the content root.
/// </summary>
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
        // Validated when a host starts (agent serve) and on first use (the CLI), so a PostgreSql provider without a
        // connection string fails at once with the key to set.
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.SectionName)).ValidateOnStart();
        Retention.RetentionServiceCollectionExtensions.AddRetentionOptions(services, configuration);
    }
}
