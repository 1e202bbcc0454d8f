using Agent.Activities.Research.Http;

namespace Agent.Activities.Research.Docs;

/// <summary>Fetches a documentation page through the outbound HTTP client and parses it (<see cref="DocParser"/>).</summary>
public sealed class DocFetcher(IHttpClientFactory clients)
{
    /// <summary>The name of the outbound HTTP client.</summary>
    public const string ClientName = "docs";

    /// <summary>The page at <paramref name="url"/>.</summary>
    /// <exception cref="OutboundHttpException">The page could not be fetched or is no HTML.</exception>
    public async Task<DocPage> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new OutboundHttpException(url.Authority, $"{url} answered HTTP {(int)response.StatusCode}; check the address.");
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is not null && !type.Contains("html", StringComparison.OrdinalIgnoreCase))
            throw new OutboundHttpException(url.Authority, $"{url} is {type}, not an HTML page; give the address of a documentation page.");
        var html = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return DocParser.Parse(html, response.RequestMessage?.RequestUri ?? url);
    }
}
