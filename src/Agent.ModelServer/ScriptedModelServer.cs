using System.Net;
using Agent.ModelServer.Scripts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent.ModelServer;

/// <summary>
/// A stand-in for the Anthropic Messages API on loopback that replays a <see cref="ModelScript"/>. Point the CLI at
/// <see cref="BaseUrl"/> with <c>ANTHROPIC_BASE_URL</c>; assert on <see cref="Log"/>.
/// </summary>
/// <example>
/// <code>
/// await using var server = new ScriptedModelServer(ScriptLoader.Parse(json));
/// var url = await server.StartAsync(cancellationToken);
/// </code>
/// </example>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    private readonly ModelScript _script;
    private readonly ModelServerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private WebApplication? _app;

    /// <summary>Creates a server; nothing listens until <see cref="StartAsync"/>.</summary>
    public ScriptedModelServer(ModelScript script, ModelServerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        _script = script;
        _options = options ?? new ModelServerOptions();
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>Every request received so far, and the in-flight counts.</summary>
    public RequestLog Log { get; } = new();

    /// <summary>The base URL once started, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri? BaseUrl { get; private set; }

    /// <summary>Starts listening and returns the base URL.</summary>
    public async Task<Uri> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null) throw new InvalidOperationException("The model server is already started.");
        if (!IPAddress.TryParse(_options.Host, out var address) || !IPAddress.IsLoopback(address))
            throw new ArgumentException($"The model server only listens on loopback; '{_options.Host}' is not a loopback address.");

        // An empty builder: no appsettings, no environment configuration, no console logging of its own.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(address, _options.Port));
        builder.Services.AddSingleton(_loggerFactory);
        var app = builder.Build();
        var handler = new MessagesHandler(new RequestMatcher(_script), Log, _loggerFactory.CreateLogger<ScriptedModelServer>(), TimeProvider.System);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        _app = app;

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        BaseUrl = new Uri(bound.Replace("[::]", _options.Host, StringComparison.Ordinal));
        return BaseUrl;
    }

    /// <summary>Stops listening; requests still running are aborted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        var app = _app;
        _app = null;
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2))) await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
