using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Agent.Testing.Http;

/// <summary>What a <see cref="LoopbackHttpServer"/> answers.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body text (UTF-8).</param>
/// <param name="ContentType">Its content type.</param>
public sealed record LoopbackResponse(int Status, string Body, string ContentType = "application/json; charset=utf-8")
{
    /// <summary>Compress the body: <c>gzip</c> or <c>deflate</c> (sent with <c>Content-Encoding</c>), or null.</summary>
    public string? Encoding { get; init; }

    /// <summary>Extra response headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>A binary body sent instead of <see cref="Body"/> (a package tarball), or null.</summary>
    public IReadOnlyList<byte>? Bytes { get; init; }

    /// <summary>Wait this long before answering (a slow service); the wait ends when the server stops.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>A 200 with a JSON body.</summary>
    public static LoopbackResponse Json(string json) => new(200, json);

    /// <summary>A 200 with an HTML body.</summary>
    public static LoopbackResponse Html(string html) => new(200, html, "text/html; charset=utf-8");
}

/// <summary>One request the server received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The absolute path.</param>
/// <param name="Query">The query string, decoded into pairs.</param>
/// <param name="Headers">The request headers.</param>
public sealed record LoopbackRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The path and query as sent, e.g. <c>/v0.1/servers?search=x&amp;cursor=2</c>.</summary>
    public string PathAndQuery { get; init; } = Path;

    /// <summary>The request body as UTF-8 text (empty when none was sent).</summary>
    public string Body { get; init; } = "";
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port) that answers each path with a scripted sequence of responses (the last
/// one repeats) and records every request — for pointing real clients at the shapes of outside APIs in tests.
/// Unmapped paths answer 404.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<LoopbackResponse>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LoopbackResponse> _last = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<LoopbackRequest, LoopbackResponse>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts the server on a free loopback port.</summary>
    public LoopbackHttpServer()
    {
        // HttpListener cannot bind port 0: take a free port from the OS, then listen on it (retrying if it was taken meanwhile).
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                BaseAddress = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The server's address, with a trailing slash.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<LoopbackRequest> Requests => [.. _requests];

    /// <summary>The requests received for <paramref name="path"/>.</summary>
    public IReadOnlyList<LoopbackRequest> RequestsTo(string path) => [.. _requests.Where(r => r.Path == path)];

    /// <summary>Answers <paramref name="path"/> with <paramref name="responses"/> in turn, repeating the last.</summary>
    public LoopbackHttpServer Map(string path, params LoopbackResponse[] responses)
    {
        _routes[path] = new ConcurrentQueue<LoopbackResponse>(responses);
        return this;
    }

    /// <summary>Answers <paramref name="path"/> with what <paramref name="handler"/> makes of each request (an API with paging or search).</summary>
    public LoopbackHttpServer Map(string path, Func<LoopbackRequest, LoopbackResponse> handler)
    {
        _handlers[path] = handler;
        return this;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try { await _loop; }
        catch (Exception e) when (e is ObjectDisposedException or HttpListenerException or OperationCanceledException) { }
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is ObjectDisposedException or HttpListenerException or InvalidOperationException) { return; }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        var received = new LoopbackRequest(request.HttpMethod, path,
            request.QueryString.AllKeys.OfType<string>().ToDictionary(k => k, k => request.QueryString[k] ?? "", StringComparer.Ordinal),
            request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase))
        { PathAndQuery = request.Url.PathAndQuery, Body = body };
        _requests.Enqueue(received);
        var response = _handlers.TryGetValue(path, out var handler) ? handler(received) : Next(path);
        try
        {
            if (response.Delay > TimeSpan.Zero) await Task.Delay(response.Delay, _stop.Token);
            await WriteAsync(context.Response, response);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            try { context.Response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    private LoopbackResponse Next(string path)
    {
        if (!_routes.TryGetValue(path, out var queue)) return new LoopbackResponse(404, $"{{\"message\":\"no route for {path}\"}}");
        if (queue.TryDequeue(out var next)) return _last[path] = next;
        return _last.TryGetValue(path, out var last) ? last : new LoopbackResponse(404, "{}");
    }

    private static async Task WriteAsync(HttpListenerResponse response, LoopbackResponse scripted)
    {
        var body = scripted.Bytes is { } bytes ? [.. bytes] : Encoding.UTF8.GetBytes(scripted.Body);
        if (scripted.Encoding is { } encoding)
        {
            using var compressed = new MemoryStream();
            await using (Stream zip = encoding == "gzip" ? new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true) : new DeflateStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                await zip.WriteAsync(body);
            body = compressed.ToArray();
            response.AddHeader("Content-Encoding", encoding);
        }
        response.StatusCode = scripted.Status;
        response.ContentType = scripted.ContentType;
        foreach (var (name, value) in scripted.Headers) response.AddHeader(name, value);
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
