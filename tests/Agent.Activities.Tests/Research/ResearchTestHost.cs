using Agent.Activities.Research;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Research;

/// <summary>The research engine as the host wires it, with its configuration in memory, a temp cache file and an optional clock.</summary>
internal sealed class ResearchTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _folder;

    private ResearchTestHost(ServiceProvider services, string folder)
    {
        _services = services;
        _folder = folder;
    }

    /// <summary>Fast retries (no waiting between attempts) unless the settings say otherwise.</summary>
    public static ResearchTestHost Create(IDictionary<string, string?> settings, TimeProvider? clock = null)
    {
        var folder = TempFolder.Create("agent-research");
        var values = new Dictionary<string, string?>
        {
            ["Research:Http:RetryDelay"] = "00:00:00",
            ["Research:Http:AttemptTimeout"] = "00:00:05",
            ["Research:Http:TotalTimeout"] = "00:00:20",
            ["Research:Http:PermitsPerSecond"] = "100",
            ["Research:CacheDatabasePath"] = Path.Combine(folder, "research.db"),
        };
        foreach (var (key, value) in settings) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        if (clock is not null) services.AddSingleton(clock);
        services.AddExternalResearch(configuration, folder);
        return new ResearchTestHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), folder);
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        TempFolder.Delete(_folder);
    }
}
