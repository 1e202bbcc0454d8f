using System.Text.Json;

namespace Agent.ModelServer;

/// <summary>One request as the server saw it. Secret headers (API keys, authorization) are redacted.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path with its query string, e.g. <c>/v1/messages?beta=true</c>.</param>
/// <param name="Headers">Request headers, names lower-cased.</param>
/// <param name="Body">The JSON body, or null when there was none or it did not parse.</param>
/// <param name="ReceivedAt">When the request arrived.</param>
/// <param name="RuleIndex">The 0-based script rule that answered it, or null.</param>
public sealed record RecordedRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Headers, JsonElement? Body, DateTimeOffset ReceivedAt, int? RuleIndex)
{
    /// <summary>Whether this was a Messages API call (streaming or not).</summary>
    public bool IsMessages => Method == "POST" && Path.StartsWith("/v1/messages", StringComparison.Ordinal) && !Path.StartsWith("/v1/messages/", StringComparison.Ordinal);
}

/// <summary>
/// Every request the server received, in arrival order, plus how many are being answered right now and the most
/// there ever were at once (a concurrency cap is asserted against <see cref="MaxInFlight"/>). Thread-safe.
/// </summary>
public sealed class RequestLog
{
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase) { "x-api-key", "authorization", "proxy-authorization", "cookie" };
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>A snapshot of the requests so far.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_lock) return [.. _requests]; }
    }

    /// <summary>The Messages API calls so far.</summary>
    public IReadOnlyList<RecordedRequest> MessagesRequests => [.. Requests.Where(r => r.IsMessages)];

    /// <summary>Requests being answered now.</summary>
    public int InFlight
    {
        get { lock (_lock) return _inFlight; }
    }

    /// <summary>The highest <see cref="InFlight"/> seen.</summary>
    public int MaxInFlight
    {
        get { lock (_lock) return _maxInFlight; }
    }

    /// <summary>Marks a request as started; dispose the result when it is answered.</summary>
    public IDisposable Enter()
    {
        lock (_lock)
        {
            _inFlight++;
            _maxInFlight = Math.Max(_maxInFlight, _inFlight);
        }
        return new Exit(this);
    }

    /// <summary>Records a request.</summary>
    public void Add(RecordedRequest request)
    {
        lock (_lock) _requests.Add(request);
    }

    /// <summary>Copies headers, replacing secret values by <c>***</c>.</summary>
    public static Dictionary<string, string> Redact(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers) result[name.ToLowerInvariant()] = SecretHeaders.Contains(name) ? "***" : value;
        return result;
    }

    private sealed class Exit(RequestLog log) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            lock (log._lock) log._inFlight--;
        }
    }
}
