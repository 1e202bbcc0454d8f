using Agent.Activities.Claude;
using Agent.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Agent.Server.Serve;

/// <summary>
/// Resumes workflows waiting on Claude jobs: at once when a job of this process ends, and on a timer for the cases an
/// event cannot see (a job that ended before its workflow's bookmark was saved; jobs interrupted by a restart).
/// </summary>
public sealed partial class ClaudeJobWatcher(ClaudeJobBookmarks bookmarks, ClaudeJobs jobs, IOptions<ServerOptions> options, ILogger<ClaudeJobWatcher> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var jobEnded = new ClaudeJobEndSignal(jobs);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var resumed = await bookmarks.ResumeEndedAsync(stoppingToken);
                if (resumed > 0) LogResumed(resumed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad instance must not stop the others; the next tick tries again.
                LogFailed(e);
            }
            try
            {
                // Either a job ended here or the interval passed; both lead to one more check.
                await jobEnded.WaitAsync(options.Value.ClaudeJobPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} workflow(s) whose Claude jobs ended")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resuming workflows that wait on Claude jobs failed")]
    private partial void LogFailed(Exception exception);
}
