using System.Net.Http.Json;
using System.Text.Json;
using Agent.Activities.Research.Http;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Research.StackOverflow;

/// <summary>
/// The Stack Exchange API 2.3: question search and answers. Responses arrive compressed (the outbound client
/// decompresses them); <c>backoff</c> and <c>quota_remaining</c> are honoured through <see cref="StackExchangeThrottle"/>,
/// and the error wrapper becomes an <see cref="OutboundHttpException"/> naming the error.
/// </summary>
public sealed class StackExchangeClient(IHttpClientFactory clients, StackExchangeThrottle throttle, IOptions<StackExchangeOptions> options, TimeProvider clock)
{
    /// <summary>The name of the outbound HTTP client.</summary>
    public const string ClientName = "stackexchange";

    private const string Service = "Stack Exchange";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Questions with an accepted answer that match <paramref name="text"/>, most relevant first.</summary>
    public async Task<IReadOnlyList<StackExchangeQuestion>> SearchAsync(string text, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var path = $"2.3/search/advanced?order=desc&sort=relevance&q={Uri.EscapeDataString(text)}&accepted=True&site={Uri.EscapeDataString(o.Site)}&filter=withbody&pagesize={o.PageSize}{KeyParameter()}";
        return await GetAsync<StackExchangeQuestion>("search/advanced", path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answers to <paramref name="questionIds"/>, most votes first.</summary>
    public async Task<IReadOnlyList<StackExchangeAnswer>> AnswersAsync(IReadOnlyCollection<long> questionIds, CancellationToken cancellationToken)
    {
        if (questionIds.Count == 0) return [];
        var ids = string.Join(';', questionIds);
        var path = $"2.3/questions/{ids}/answers?order=desc&sort=votes&site={Uri.EscapeDataString(options.Value.Site)}&filter=withbody{KeyParameter()}";
        return await GetAsync<StackExchangeAnswer>("questions/answers", path, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<T>> GetAsync<T>(string method, string path, CancellationToken cancellationToken)
    {
        var (wait, refusal) = throttle.Check(method);
        if (refusal is not null) throw new OutboundHttpException(Service, refusal);
        if (wait > options.Value.MaxBackoffWait)
            throw new OutboundHttpException(Service, $"the API asked to back off from {method} for {wait.TotalSeconds:0} more second(s), longer than Research:StackExchange:MaxBackoffWait ({options.Value.MaxBackoffWait}); asking again later.");
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);

        var client = clients.CreateClient(ClientName);
        using var response = await client.GetAsync(path, cancellationToken).ConfigureAwait(false);
        StackExchangeWrapper<T>? wrapper;
        try
        {
            wrapper = await response.Content.ReadFromJsonAsync<StackExchangeWrapper<T>>(Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new OutboundHttpException(Service, $"{method} answered HTTP {(int)response.StatusCode} with something that is not the API's JSON ({e.Message}); check Research:StackExchange:BaseUrl.", e);
        }
        if (wrapper is null) throw new OutboundHttpException(Service, $"{method} answered HTTP {(int)response.StatusCode} with an empty body.");
        throttle.Record(method, wrapper.Backoff, wrapper.QuotaRemaining);
        if (wrapper.ErrorId is { } id)
            throw new OutboundHttpException(Service, $"{method} failed with error {id} {wrapper.ErrorName}: {wrapper.ErrorMessage}");
        if (!response.IsSuccessStatusCode) throw new OutboundHttpException(Service, $"{method} answered HTTP {(int)response.StatusCode}.");
        return wrapper.Items ?? [];
    }

    private string KeyParameter() => options.Value.Key is { Length: > 0 } key ? "&key=" + Uri.EscapeDataString(key) : "";
}
