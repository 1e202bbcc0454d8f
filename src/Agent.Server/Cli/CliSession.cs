using Agent.Activities.Safety.Webhooks;
using Agent.Server.Hosting;
using Agent.Workflows.Persistence;

namespace Agent.Server.Cli;

/// <summary>The services of one CLI verb, against the configured database. Dispose to stop the host.</summary>
public sealed class CliSession : IAsyncDisposable
{
    private readonly IHost _host;

    private CliSession(IHost host) => _host = host;

    /// <summary>Resolves a service.</summary>
    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Builds and starts a CLI host (validating options) and applies pending database migrations.</summary>
    /// <exception cref="WorkflowStoreException">The database file is not usable; it was left unchanged.</exception>
    public static async Task<CliSession> OpenAsync(AgentHostSettings settings, CancellationToken cancellationToken)
    {
        var host = AgentHost.CreateCliBuilder(settings).Build();
        try
        {
            await host.StartAsync(cancellationToken);
            await host.Services.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync(cancellationToken);
            return new CliSession(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // The CLI has no background dispatcher: send the webhooks this verb queued (bounded), the rest waits for the server.
        if (_host.Services.GetService<WebhookWakeUp>() is { } wakeUp)
            await _host.Services.GetRequiredService<WebhookDispatcher>().FlushQueuedHereAsync(wakeUp);
        await _host.StopAsync(CancellationToken.None);
        if (_host is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
        else _host.Dispose();
    }
}
