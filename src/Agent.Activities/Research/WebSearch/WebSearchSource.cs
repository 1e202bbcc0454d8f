using Agent.Activities.Research.Findings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Research.WebSearch;

/// <summary>Web pages about the problem from the configured provider (<see cref="WebSearchOptions"/>); unavailable when none is configured.</summary>
public sealed class WebSearchSource(IServiceProvider services, IOptions<WebSearchOptions> options, TimeProvider clock) : IFindingSource
{
    /// <summary>The name of the outbound HTTP client.</summary>
    public const string ClientName = "websearch";

    /// <inheritdoc />
    public string Name => SourceList.Web;

    /// <inheritdoc />
    public string? Unavailable => options.Value.Provider is { Length: > 0 } ? null : "no web search provider is configured (set Research:WebSearch:Provider to searxng or brave, and its BaseUrl)";

    /// <inheritdoc />
    public async Task<SourceAnswer> SearchAsync(FindingQuery query, int max, CancellationToken cancellationToken)
    {
        var retrieved = clock.GetUtcNow();
        IWebSearchProvider provider = options.Value.Provider == WebSearchOptions.Brave
            ? services.GetRequiredService<BraveProvider>()
            : services.GetRequiredService<SearxngProvider>();
        var results = (await provider.SearchAsync(query.Text, cancellationToken).ConfigureAwait(false)).Take(max).ToList();
        return new SourceAnswer([.. results.Select((r, i) => new Finding(Name, r.Title, r.Url, HtmlText.ToText(r.Snippet, 1000), 1.0 - (double)i / results.Count, retrieved))]);
    }
}
