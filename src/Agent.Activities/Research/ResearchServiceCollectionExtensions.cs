using Agent.Activities.Persistence;
using Agent.Activities.Cycle;
using Agent.Activities.Research.Docs;
using Agent.Activities.Research.Findings;
using Agent.Activities.Research.GitHub;
using Agent.Activities.Research.Http;
using Agent.Activities.Research.StackOverflow;
using Agent.Activities.Research.WebSearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Research;

/// <summary>Registers the research engine: the outside sources, the solution finder with its cache, and its research step source.</summary>
public static class ResearchServiceCollectionExtensions
{
    /// <summary>
    /// Adds the sources (Stack Overflow, GitHub issues, documentation, web search) as <see cref="IFindingSource"/>s, the
    /// <see cref="SolutionFinder"/>, and <see cref="ExternalResearchSource"/> as an <see cref="IResearchSource"/> after those
    /// already registered (the error database comes first). Options come from <c>Research</c> and its subsections of
    /// <paramref name="configuration"/>; a relative cache path resolves against <paramref name="contentRoot"/>. The cycle
    /// asks outside sources only when <c>Research:Sources</c> lists them.
    /// </summary>
    public static IServiceCollection AddExternalResearch(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.BindValidated<ExternalResearchOptions>(configuration.GetSection(ExternalResearchOptions.SectionName))
            .PostConfigure(o => o.CacheDatabasePath = Path.GetFullPath(o.CacheDatabasePath, contentRoot));
        services.BindValidated<OutboundHttpOptions>(configuration.GetSection(OutboundHttpOptions.SectionName));
        services.BindValidated<StackExchangeOptions>(configuration.GetSection(StackExchangeOptions.SectionName));
        services.BindValidated<GitHubOptions>(configuration.GetSection(GitHubOptions.SectionName));
        services.BindValidated<WebSearchOptions>(configuration.GetSection(WebSearchOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);

        services.AddOutboundHttpClient(StackExchangeClient.ClientName, (p, c) => c.BaseAddress = BaseAddress(p.GetRequiredService<IOptions<StackExchangeOptions>>().Value.BaseUrl));
        services.AddOutboundHttpClient(GitHubAnalyzer.ClientName);
        services.AddOutboundHttpClient(DocFetcher.ClientName);
        services.AddOutboundHttpClient(WebSearchSource.ClientName, (p, c) =>
        {
            if (p.GetRequiredService<IOptions<WebSearchOptions>>().Value.EffectiveBaseUrl is { } url) c.BaseAddress = BaseAddress(url);
        });

        services.TryAddSingleton<StackExchangeThrottle>();
        services.TryAddSingleton<StackExchangeClient>();
        services.TryAddSingleton<GitHubRateGate>();
        services.TryAddSingleton<GitHubAnalyzer>();
        services.TryAddSingleton<DocFetcher>();
        services.TryAddSingleton<SearxngProvider>();
        services.TryAddSingleton<BraveProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFindingSource, StackOverflowSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFindingSource, GitHubIssuesSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFindingSource, DocsSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFindingSource, WebSearchSource>());
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton<ResearchCache>();
        services.TryAddSingleton<SolutionFinder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResearchSource, ExternalResearchSource>());
        return services;
    }

    // A base address keeps its path only with a trailing slash (https://host/api/v3/ + search/issues).
    private static Uri BaseAddress(string url) => new(url.EndsWith('/') ? url : url + "/");

}
