namespace Agent.Activities.Research.WebSearch;

/// <summary>
/// The web search provider (configuration section <c>Research:WebSearch</c>): <c>searxng</c> (a SearXNG instance with its
/// JSON format enabled) or <c>brave</c> (the Brave Search API, with a key). No provider = no web search.
/// </summary>
public sealed class WebSearchOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Research:WebSearch";

    /// <summary>SearXNG.</summary>
    public const string Searxng = "searxng";

    /// <summary>Brave Search.</summary>
    public const string Brave = "brave";

    /// <summary><c>searxng</c>, <c>brave</c>, or empty for none.</summary>
    public string? Provider { get; set; }

    /// <summary>The provider's address; Brave's default is <c>https://api.search.brave.com</c>, SearXNG has none (self-hosted).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The Brave subscription token (<c>X-Subscription-Token</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The provider's address, with Brave's default filled in.</summary>
    public string? EffectiveBaseUrl => BaseUrl is { Length: > 0 } ? BaseUrl : Provider == Brave ? "https://api.search.brave.com" : null;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider is not (null or "" or Searxng or Brave))
            yield return new ValidationResult($"Research:WebSearch:Provider '{Provider}' is unknown; use {Searxng} or {Brave} (or leave it empty for no web search).", [nameof(Provider)]);
        if (BaseUrl is { Length: > 0 } url && !Findings.FindingUrl.IsHttp(url))
            yield return new ValidationResult($"Research:WebSearch:BaseUrl '{url}' is no http(s) address.", [nameof(BaseUrl)]);
        if (Provider == Searxng && BaseUrl is not { Length: > 0 })
            yield return new ValidationResult("Research:WebSearch:Provider is searxng but Research:WebSearch:BaseUrl is empty; give the instance's address.", [nameof(BaseUrl)]);
        if (Provider == Brave && ApiKey is not { Length: > 0 })
            yield return new ValidationResult("Research:WebSearch:Provider is brave but Research:WebSearch:ApiKey is empty; give the subscription token.", [nameof(ApiKey)]);
    }
}
