using Agent.Workflows.Cluster;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Cluster;

/// <summary>Registers what lets several processes share one deployment: the <c>Cluster</c> options and the named locks.</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>The name of the locks folder beside the engine's database when <see cref="ClusterOptions.LockDirectory"/> is unset.</summary>
    public const string DefaultLockFolder = "locks";

    /// <summary>
    /// Binds <see cref="ClusterOptions"/> (section <c>Cluster</c>) and registers <see cref="IAgentLocks"/> for the
    /// configured <c>Database:Provider</c> — PostgreSQL advisory locks, or lock files in
    /// <see cref="ClusterOptions.LockDirectory"/> (default: <c>locks</c> beside <paramref name="databasePath"/>) — and
    /// the per-target cycle lock.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">The root configuration (reads <c>Database</c> and <c>Cluster</c>).</param>
    /// <param name="contentRoot">What relative paths resolve against.</param>
    /// <param name="databasePath">The engine's SQLite file (for the default lock folder).</param>
    public static IServiceCollection AddAgentCluster(this IServiceCollection services, IConfiguration configuration, string contentRoot, string databasePath)
    {
        services.BindValidated<ClusterOptions>(configuration.GetSection(ClusterOptions.SectionName));
        var database = ReadDatabase(configuration);
        services.TryAddSingleton<IAgentLocks>(sp =>
        {
            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                // Hosts validate the Database section on start, before anything resolves this; a container built
                // without that validation still gets the validator's message rather than a null connection string.
                if (DatabaseOptionsValidator.ProblemOf(database) is { } problem) throw new InvalidOperationException(problem);
                return new PostgresAgentLocks(database.ConnectionString!);
            }
            var folder = sp.GetRequiredService<IOptions<ClusterOptions>>().Value.LockDirectory is { Length: > 0 } own
                ? Path.GetFullPath(own, contentRoot)
                : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath, contentRoot))!, DefaultLockFolder);
            return new FileAgentLocks(folder);
        });
        if (database.Provider == DatabaseProvider.PostgreSql) services.AddInstanceLeases();
        services.TryAddSingleton<CycleTargetLocks>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceRunListener, CycleTargetLocks>(sp => sp.GetRequiredService<CycleTargetLocks>()));
        return services;
    }

    /// <summary>
    /// The <c>Database</c> section as configured. It is not checked here: the options validator
    /// (<see cref="DatabaseOptionsValidator"/>) reports a bad section when the host starts, with a message naming the key,
    /// and nothing built from it is resolved before that.
    /// </summary>
    public static DatabaseOptions ReadDatabase(IConfiguration configuration) =>
        configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();

    /// <summary>Whether <paramref name="database"/> selects a usable PostgreSQL database (provider and a well-formed connection string).</summary>
    public static bool IsUsablePostgreSql(DatabaseOptions database) =>
        database.Provider == DatabaseProvider.PostgreSql && DatabaseOptionsValidator.ProblemOf(database) is null;
}
