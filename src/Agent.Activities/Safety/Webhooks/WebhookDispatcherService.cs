using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Webhooks;

/// <summary>Wakes the dispatcher of this process at once when an event is queued, instead of at the next poll.</summary>
public sealed class WebhookWakeUp
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private volatile bool _queuedHere;

    /// <summary>True once this process queued a delivery (a CLI process then flushes before it exits).</summary>
    public bool QueuedHere => _queuedHere;

    /// <summary>Asks the dispatcher to look now.</summary>
    public void Wake()
    {
        _queuedHere = true;
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    /// <summary>Waits for <see cref="Wake"/> or <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// The server's background sender: on start it sends what an earlier process (or a crash) left pending, then every
/// <see cref="WebhookOptions.PollInterval"/> or as soon as this process queues an event.
/// </summary>
public sealed class WebhookDispatcherService(WebhookDispatcher dispatcher, WebhookWakeUp wakeUp, IOptionsMonitor<WebhookOptions> options, ILogger<WebhookDispatcherService> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchDueAsync(stoppingToken);
                await wakeUp.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                // The outbox keeps the rows; the next round tries again.
                logger.LogError(e, "The webhook dispatcher could not read or update the outbox; retrying in {Interval}.", options.CurrentValue.PollInterval);
                await Task.Delay(options.CurrentValue.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
