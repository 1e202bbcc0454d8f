using Microsoft.Extensions.Options;
using Quartz;

namespace Agent.Server.Backup;

/// <summary>The scheduled backup of <c>agent serve</c>: one backup per fire of <c>Backup:Schedule</c>, then the oldest beyond <c>Backup:Retain</c> are deleted.</summary>
[DisallowConcurrentExecution]
public sealed partial class BackupJob(BackupCreator creator, BackupStore store, IOptions<BackupOptions> options, ILogger<BackupJob> logger) : IJob
{
    /// <summary>The job's key in the scheduler.</summary>
    public static readonly JobKey Key = new("backup", "agent");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var backup = await creator.CreateAsync(cancellationToken);
            LogCreated(backup.Id, backup.Manifest?.Files.Count ?? 0, backup.Path);
            var deleted = store.Prune(options.Value.Retain);
            if (deleted.Count > 0) LogPruned(deleted.Count, options.Value.Retain, string.Join(", ", deleted));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed backup must not stop the server; the next fire tries again and the log says what to fix.
            LogFailed(e, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup {Id} made ({Files} files) in {Path}.")]
    private partial void LogCreated(string id, int files, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} old backups to keep the newest {Retain}: {Ids}.")]
    private partial void LogPruned(int count, int retain, string ids);

    [LoggerMessage(Level = LogLevel.Error, Message = "The scheduled backup failed: {Reason}")]
    private partial void LogFailed(Exception exception, string reason);
}
