namespace Agent.Activities.Safety.Limits;

/// <summary>
/// Measures how much a worktree holds, like <c>du</c> but bounded: the walk stops as soon as the total passes the limit,
/// skips the top-level <c>.git</c> (a worktree's objects are shared with its repository) and does not follow symbolic links.
/// </summary>
public sealed class WorktreeDiskMeter
{
    /// <summary>
    /// The bytes of regular files under <paramref name="folder"/>, counting at most until <paramref name="stopAbove"/> is passed
    /// (then the value returned is just above it).
    /// </summary>
    public Task<long> MeasureAsync(string folder, long stopAbove, CancellationToken cancellationToken) => Task.Run(() =>
    {
        if (!Directory.Exists(folder)) return 0L;
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        long total = 0;
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(folder)]);
        var top = true;
        while (pending.TryPop(out var directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var entry in directory.EnumerateFileSystemInfos("*", options))
            {
                if (top && entry.Name == ".git") continue;
                if (entry is DirectoryInfo child) pending.Push(child);
                else if (entry is FileInfo file) total += file.Length;
                if (total > stopAbove) return total;
            }
            top = false;
        }
        return total;
    }, cancellationToken);
}
