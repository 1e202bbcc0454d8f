using Agent.Activities.Guards;
using Agent.Activities.Cycle;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Cycle;

/// <summary>The cycle's real services on a fresh SQLite file, with the repository's prompts/ folder.</summary>
internal sealed class CycleServices : IAsyncDisposable
{
    private readonly string _folder;

    private CycleServices(ServiceProvider provider, string folder, string databasePath)
    {
        Provider = provider;
        _folder = folder;
        DatabasePath = databasePath;
    }

    public ServiceProvider Provider { get; }

    public string DatabasePath { get; }

    public T Get<T>() where T : notnull => Provider.GetRequiredService<T>();

    public static CycleServices Create(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var folder = TempFolder.Create("agent-cycle-db");
        var database = Path.Combine(folder, "cycle.db");
        var values = new Dictionary<string, string?>
        {
            ["Cycle:DatabasePath"] = database,
            ["Assessment:CheckDependencies"] = "false",
        };
        foreach (var (k, v) in settings ?? []) values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddImprovementCycle(configuration, AgentRepository.Root);
        // Gap attempts live with the guard's counters, next to the cycle database (so a second provider on it is a restart).
        services.AddGuards(configuration.GetSection(GuardOptions.SectionName), Path.Combine(Path.GetDirectoryName(values["Cycle:DatabasePath"]!)!, "guards.db"), folder);
        configure?.Invoke(services);
        return new CycleServices(services.BuildServiceProvider(), folder, values["Cycle:DatabasePath"]!);
    }

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        TempFolder.Delete(_folder);
    }
}
