using Microsoft.Extensions.Hosting;

namespace Agent.Activities.Hosting;

/// <summary>
/// A background service that repeats one pass (a sweep, a heartbeat, a poll): optionally once at start-up, then once
/// per <see cref="Interval"/>, one pass at a time. A pass that fails is reported to <see cref="OnPassFailed"/> and the
/// loop goes on, so one bad row or a database that is briefly unreachable never stops the service for the life of the
/// process; only the host's shutdown ends it, after which <see cref="OnStoppedAsync"/> waits for what the passes
/// started in the background.
/// </summary>
/// <param name="clock">The clock the interval runs on (a fake one in tests).</param>
public abstract class PeriodicBackgroundService(TimeProvider clock) : BackgroundService
{
    /// <summary>The clock the interval runs on.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>The time between two passes, read once when the service starts.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>
    /// Whether the first pass runs at once on start-up. True for the recovery sweeps: this process may be the one that
    /// died with work left half done, and waiting one interval to repair it would only delay it.
    /// </summary>
    protected virtual bool PassesAtStart => true;

    /// <summary>False when this process has nothing to do (a feature switched off, a store without leases); the service then ends at once.</summary>
    protected virtual bool IsEnabled => true;

    /// <summary>One pass. An exception other than the shutdown's cancellation goes to <see cref="OnPassFailed"/>.</summary>
    /// <param name="first">True for the first pass of this process (at start-up, or on the first tick).</param>
    /// <param name="stoppingToken">Cancelled when the host stops.</param>
    protected abstract Task PassAsync(bool first, CancellationToken stoppingToken);

    /// <summary>Reports a failed pass (the next one tries again).</summary>
    protected abstract void OnPassFailed(Exception exception);

    /// <summary>Runs after the last pass when the host stops: waits for the work the passes handed to the background.</summary>
    protected virtual Task OnStoppedAsync() => Task.CompletedTask;

    /// <inheritdoc />
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsEnabled) return;
        try
        {
            using var timer = new PeriodicTimer(Interval, Clock);
            var first = true;
            if (PassesAtStart)
            {
                await RunPassAsync(first, stoppingToken);
                first = false;
            }
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunPassAsync(first, stoppingToken);
                first = false;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what a pass left undone is still stored, for the next pass here or in another process.
        }
        await OnStoppedAsync();
    }

    private async Task RunPassAsync(bool first, CancellationToken stoppingToken)
    {
        try
        {
            await PassAsync(first, stoppingToken);
        }
        catch (Exception e) when (!(e is OperationCanceledException && stoppingToken.IsCancellationRequested))
        {
            // A timeout inside the pass is a failure like any other, not a reason to stop passing.
            OnPassFailed(e);
        }
    }
}
