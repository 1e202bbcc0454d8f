using System.Net.Http.Json;
using System.Text.Json;
using Agent.Activities.Research.Http;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Research.WebSearch;

/// <summary>One result of a web search.</summary>
/// <param name="Title">The page's title.</param>
/// <param name="Url">Its address.</param>
/// <param name="Snippet">The provider's excerpt.</param>
public sealed record WebResult(string Title, string Url, string Snippet);

/// <summary>A web search API.</summary>
public interface IWebSearchProvider
{
    /// <summary>Results for <paramref name="query"/>, best first.</summary>
    Task<IReadOnlyList<WebResult>> SearchAsync(string query, CancellationToken cancellationToken);
}

/// <summary>SearXNG's JSON API: <c>GET {base}/search?q=…&amp;format=json</c> → <c>{results: [{url, title, content}]}</c>.</summary>
public sealed class SearxngProvider(IHttpClientFactory clients) : IWebSearchProvider
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<WebResult>> SearchAsync(string query, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(WebSearchSource.ClientName);
        using var response = await client.GetAsync($"search?q={Uri.EscapeDataString(query)}&format=json", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new OutboundHttpException("SearXNG", $"answered HTTP {(int)response.StatusCode}{(response.StatusCode == System.Net.HttpStatusCode.Forbidden ? " (is the JSON format enabled in its settings.yml, search.formats?)" : "")}.");
        var body = await WebJson.ReadAsync(response, "SearXNG", cancellationToken).ConfigureAwait(false);
        return [.. WebJson.Array(body, "results").Select(r => new WebResult(WebJson.Text(r, "title"), WebJson.Text(r, "url"), WebJson.Text(r, "content")))
            .Where(r => r.Url.Length > 0)];
    }
}

/// <summary>Brave Search: <c>GET {base}/res/v1/web/search?q=…</c> with <c>X-Subscription-Token</c> → <c>{web: {results: [{title, url, description}]}}</c>.</summary>
public sealed class BraveProvider(IHttpClientFactory clients, IOptions<WebSearchOptions> options) : IWebSearchProvider
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<WebResult>> SearchAsync(string query, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(WebSearchSource.ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"res/v1/web/search?q={Uri.EscapeDataString(query)}");
        request.Headers.Add("X-Subscription-Token", options.Value.ApiKey);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new OutboundHttpException("Brave Search", $"answered HTTP {(int)response.StatusCode}{((int)response.StatusCode is 401 or 403 ? " (check Research:WebSearch:ApiKey)" : "")}.");
        var body = await WebJson.ReadAsync(response, "Brave Search", cancellationToken).ConfigureAwait(false);
        var web = body.TryGetProperty("web", out var w) ? w : default;
        return [.. WebJson.Array(web, "results").Select(r => new WebResult(WebJson.Text(r, "title"), WebJson.Text(r, "url"), WebJson.Text(r, "description")))
            .Where(r => r.Url.Length > 0)];
    }
}

/// <summary>Reading the providers' JSON leniently: a missing field is empty, a body that is no JSON is a clear error.</summary>
internal static class WebJson
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string service, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new OutboundHttpException(service, $"answered something that is not JSON ({e.Message}); check Research:WebSearch:BaseUrl.", e);
        }
    }

    public static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    public static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
