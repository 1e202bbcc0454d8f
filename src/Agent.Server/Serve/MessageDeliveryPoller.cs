using Agent.Activities.Coordination;
using Agent.Activities.Coordination.Messaging;
using Microsoft.Extensions.Options;

namespace Agent.Server.Serve;

/// <summary>
/// The message bus's recovery pass: once at start-up (a crash between storing a message and resuming its workflow
/// left the workflow waiting) and then every <c>Coordination:DeliveryPollInterval</c> (messages stored by another
/// process, or just before the receiving workflow's bookmark was saved). A send in this process resumes at once; this
/// only repairs what a send could not see. Each resume is exactly once (see <see cref="MessageDispatcher"/>).
/// </summary>
public sealed partial class MessageDeliveryPoller(MessageDispatcher dispatcher, IOptions<CoordinationOptions> options, TimeProvider clock, ILogger<MessageDeliveryPoller> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PassAsync(recovery: true, stoppingToken);
        using var timer = new PeriodicTimer(options.Value.DeliveryPollInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await PassAsync(recovery: false, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        await dispatcher.DrainAsync();
    }

    private async Task PassAsync(bool recovery, CancellationToken stoppingToken)
    {
        try
        {
            var resumed = await dispatcher.RecoverAsync(stoppingToken);
            if (resumed > 0) LogResumed(resumed, recovery ? "start-up recovery" : "poll");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The messages stay pending and the bookmarks waiting; the next tick tries again.
            LogFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered messages to {Count} waiting workflow(s) ({Pass})")]
    private partial void LogResumed(int count, string pass);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering pending messages to waiting workflows failed; the next poll retries")]
    private partial void LogFailed(Exception exception);
}
