using Agent.Activities.Coordination;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Hosting;
using Microsoft.Extensions.Options;

namespace Agent.Server.Serve;

/// <summary>
/// The message bus's recovery pass: once at start-up (a crash between storing a message and resuming its workflow
/// left the workflow waiting) and then every <c>Coordination:DeliveryPollInterval</c> (messages stored by another
/// process, or just before the receiving workflow's bookmark was saved). A send in this process resumes at once; this
/// only repairs what a send could not see. Each resume is exactly once (see <see cref="MessageDispatcher"/>).
/// </summary>
public sealed partial class MessageDeliveryPoller(MessageDispatcher dispatcher, IOptions<CoordinationOptions> options, TimeProvider clock, ILogger<MessageDeliveryPoller> logger)
    : PeriodicBackgroundService(clock)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.DeliveryPollInterval;

    /// <inheritdoc />
    protected override async Task PassAsync(bool first, CancellationToken stoppingToken)
    {
        var resumed = await dispatcher.RecoverAsync(stoppingToken);
        if (resumed > 0) LogResumed(resumed, first ? "start-up recovery" : "poll");
    }

    // The messages stay pending and the bookmarks waiting; the next tick tries again.
    /// <inheritdoc />
    protected override void OnPassFailed(Exception exception) => LogFailed(exception);

    /// <inheritdoc />
    protected override Task OnStoppedAsync() => dispatcher.DrainAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered messages to {Count} waiting workflow(s) ({Pass})")]
    private partial void LogResumed(int count, string pass);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering pending messages to waiting workflows failed; the next poll retries")]
    private partial void LogFailed(Exception exception);
}
