using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Agent.Activities.Discovery.Registry;

/// <summary>
/// Reads the MCP Registry API v0.1: <c>GET {base}/v0.1/servers?search=…&amp;version=latest</c>, following
/// <c>metadata.nextCursor</c> up to <see cref="RegistryOptions.MaxPages"/>. Timeouts and retries come from the
/// HTTP client's resilience handler (see <see cref="Integration.IntegrationServiceCollectionExtensions"/>).
/// </summary>
public sealed class McpRegistryClient(HttpClient http, IOptions<RegistryOptions> options)
{
    private readonly RegistryOptions _options = options.Value;

    /// <summary>The registry's address, as configured.</summary>
    public string BaseUrl => _options.BaseUrl;

    /// <summary>One page of servers whose name contains <paramref name="search"/> (latest versions only).</summary>
    /// <exception cref="McpRegistryException">The registry is unreachable, failed, or answered something that is not a listing.</exception>
    public async Task<RegistryPage> GetPageAsync(string? search, string? cursor, CancellationToken cancellationToken = default)
    {
        var uri = PageUri(search, cursor);
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new McpRegistryException($"The MCP Registry at {_options.BaseUrl} could not be reached ({e.Message}). Check the address (Discovery:Registry:BaseUrl) or try again later.", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new McpRegistryException($"The MCP Registry at {_options.BaseUrl} answered {(int)response.StatusCode} {response.ReasonPhrase} for {uri.PathAndQuery}. Try again later, or point Discovery:Registry:BaseUrl at a working registry.");
            try
            {
                var page = await response.Content.ReadFromJsonAsync<RegistryPage>(cancellationToken);
                return Validate(page, uri);
            }
            catch (JsonException e)
            {
                throw new McpRegistryException($"The MCP Registry at {_options.BaseUrl} answered JSON that is not a server listing ({e.Message}). Is Discovery:Registry:BaseUrl an MCP Registry (API v0.1)?", e);
            }
        }
    }

    /// <summary>Every server whose name contains <paramref name="search"/>, over all pages up to <see cref="RegistryOptions.MaxPages"/>.</summary>
    /// <exception cref="McpRegistryException">A page could not be read.</exception>
    public async Task<IReadOnlyList<ServerJson>> SearchAsync(string? search, CancellationToken cancellationToken = default)
    {
        var servers = new List<ServerJson>();
        string? cursor = null;
        for (var pageNumber = 0; pageNumber < _options.MaxPages; pageNumber++)
        {
            var page = await GetPageAsync(search, cursor, cancellationToken);
            servers.AddRange(page.Servers.Select(s => s.Server));
            cursor = page.Metadata?.NextCursor;
            if (string.IsNullOrEmpty(cursor)) break;
        }
        return servers;
    }

    private Uri PageUri(string? search, string? cursor)
    {
        var query = new List<string> { "version=latest", $"limit={_options.PageSize}" };
        if (!string.IsNullOrWhiteSpace(search)) query.Add("search=" + Uri.EscapeDataString(search.Trim()));
        if (!string.IsNullOrEmpty(cursor)) query.Add("cursor=" + Uri.EscapeDataString(cursor));
        return new Uri($"{_options.BaseUrl.TrimEnd('/')}/v0.1/servers?{string.Join('&', query)}");
    }

    private RegistryPage Validate(RegistryPage? page, Uri uri)
    {
        if (page is null) throw new McpRegistryException($"The MCP Registry at {_options.BaseUrl} answered an empty body for {uri.PathAndQuery}; expected {{\"servers\": [...]}}.");
        var nameless = page.Servers.Count(s => string.IsNullOrWhiteSpace(s.Server.Name));
        if (nameless > 0)
            throw new McpRegistryException($"The MCP Registry at {_options.BaseUrl} listed {nameless} server(s) without a name for {uri.PathAndQuery}; the listing is not usable.");
        return page;
    }
}
