using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Oversight;

/// <summary>
/// The process's hook broker: listens on 127.0.0.1 (an ephemeral port, opened on the first run) and answers the hook
/// client of every Claude run this process started. A request is one header line
/// <c>AGENT-HOOK/1 &lt;pre-tool-use|post-tool-use&gt; &lt;run id&gt; &lt;token&gt;</c>, then the hook JSON, ended by
/// the byte 0x04 (hook JSON never holds a raw control byte) or by closing the write side; the answer is one JSON line.
/// A request for an unknown run or with a wrong token is denied.
/// </summary>
public sealed class ToolCallBroker(ToolCallDecider decider, IOptions<OversightOptions> options, ILogger<ToolCallBroker>? logger = null) : IAsyncDisposable
{
    /// <summary>The first word of every request.</summary>
    public const string ProtocolMagic = "AGENT-HOOK/1";
    /// <summary>The byte that ends a request's JSON.</summary>
    public const byte EndOfRequest = 0x04;
    private const int MaxHeaderBytes = 512;

    private readonly ConcurrentDictionary<string, RunOversight> _runs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger = logger ?? NullLogger<ToolCallBroker>.Instance;
    private TcpListener? _listener;
    private Task? _acceptLoop;

    /// <summary>The port, once started.</summary>
    public int? Port { get; private set; }

    /// <summary>Starts listening (once) and adds <paramref name="run"/>; dispose the result when the run's process has ended.</summary>
    public async Task<IDisposable> RegisterAsync(RunOversight run, CancellationToken cancellationToken)
    {
        await EnsureStartedAsync(cancellationToken);
        if (!_runs.TryAdd(run.RunId, run)) throw new InvalidOperationException($"Run {run.RunId} is already registered with the hook broker; each run needs its own id.");
        return new Registration(this, run.RunId);
    }

    private async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null) return;
        await _startLock.WaitAsync(cancellationToken);
        try
        {
            if (_listener is not null) return;
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start(backlog: 64);
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _acceptLoop = AcceptAsync(listener, _stopping.Token);
            _listener = listener;
        }
        finally
        {
            _startLock.Release();
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            // Parallel tool calls send their hooks at once; each connection is answered on its own.
            _ = Task.Run(() => ServeAsync(client, stopping), CancellationToken.None);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        using (client)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.HookTimeoutSeconds));
            var stream = client.GetStream();
            string answer;
            try
            {
                answer = await AnswerAsync(stream, timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client gave up or the request never ended; it denies on its own when it gets no answer.
                _logger.LogWarning("A hook request could not be read: {Error}", e.Message);
                return;
            }
            try
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(answer + "\n"), timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                _logger.LogWarning("A hook answer could not be sent: {Error}", e.Message);
            }
        }
    }

    private async Task<string> AnswerAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = await ReadUntilAsync(stream, (byte)'\n', MaxHeaderBytes, cancellationToken);
        var parts = header is null ? [] : Encoding.ASCII.GetString(header).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4 || parts[0] != ProtocolMagic || HookEvents.FromArgument(parts[1]) is not { } hookEvent)
            return HookAnswer.DenyJson($"The hook request is malformed (expected '{ProtocolMagic} <event> <run> <token>'); the call is refused.");
        var body = await ReadUntilAsync(stream, EndOfRequest, options.Value.MaxRequestBytes, cancellationToken);
        if (body is null)
            return HookAnswer.DenyJson($"The hook request is larger than Safety:Oversight:MaxRequestBytes ({options.Value.MaxRequestBytes}); the call is refused.");
        if (!_runs.TryGetValue(parts[2], out var run) || !run.Accepts(parts[3]))
            return hookEvent == HookEvents.PreToolUse ? HookAnswer.DenyJson("Denied: not a run of this agent (unknown run or wrong token).") : HookAnswer.NoObjection;
        return (await decider.AnswerAsync(hookEvent, Encoding.UTF8.GetString(body), run, cancellationToken)).Json;
    }

    /// <summary>The bytes before <paramref name="end"/> (or before the end of the stream); null when more than <paramref name="limit"/> arrive first.</summary>
    private static async Task<byte[]?> ReadUntilAsync(NetworkStream stream, byte end, int limit, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var one = new byte[1];
        // Byte by byte for the header keeps the body unread; the body itself comes in chunks below.
        if (end == (byte)'\n')
        {
            while (await stream.ReadAsync(one, cancellationToken) == 1 && one[0] != end)
            {
                if (buffer.Length >= limit) return null;
                buffer.WriteByte(one[0]);
            }
            return buffer.ToArray();
        }
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0) return buffer.ToArray();
            var at = Array.IndexOf(chunk, end, 0, read);
            buffer.Write(chunk, 0, at < 0 ? read : at);
            if (buffer.Length > limit) return null;
            if (at >= 0) return buffer.ToArray();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync();
        _listener?.Stop();
        if (_acceptLoop is not null) await _acceptLoop;
        // _stopping is not disposed: connections still being answered link to its token.
        _startLock.Dispose();
    }

    private sealed class Registration(ToolCallBroker broker, string runId) : IDisposable
    {
        public void Dispose() => broker._runs.TryRemove(runId, out _);
    }
}
