using System.Security.Cryptography;
using System.Text;
using Agent.Workflows.Cluster;

namespace Agent.Activities.Cluster;

/// <summary>
/// <see cref="IAgentLocks"/> for one machine (SQLite): one lock file per name in a folder, held open exclusively.
/// On Linux and macOS .NET takes an advisory <c>flock</c> for an exclusive open, which conflicts with every other open
/// of the file — other threads of this process included — and the kernel drops it when the holder exits or is killed.
/// </summary>
/// <remarks>
/// Files are never deleted: removing a lock file while another process waits on it would let two holders in (one on
/// the old file, one on the new). Names are hashed to the file name, so any string is a valid name.
/// </remarks>
public sealed class FileAgentLocks : IAgentLocks
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMilliseconds(100);
    private readonly string _directory;
    private readonly TimeProvider _clock;

    /// <summary>Keeps the lock files in <paramref name="directory"/> (created when missing).</summary>
    public FileAgentLocks(string directory, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        _clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public bool SpansReplicas => false;

    /// <summary>The lock file of <paramref name="name"/>.</summary>
    public string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Path.Combine(_directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..32] + ".lock");
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IAsyncDisposable?>(TryOpen(name));
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> AcquireAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var started = _clock.GetTimestamp();
        var wait = FirstRetry;
        while (true)
        {
            if (TryOpen(name) is { } held) return held;
            if (timeout is { } limit && _clock.GetElapsedTime(started) >= limit)
                throw new TimeoutException($"Lock '{name}' ({PathOf(name)}) was still held by another process after {limit}; wait for it to finish (the file names the holder's process id).");
            // Polling, because an exclusive open cannot wait; the backoff keeps a long wait cheap.
            await Task.Delay(wait, _clock, cancellationToken);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestRetry.Ticks));
        }
    }

    private Held? TryOpen(string name)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(_directory);
        FileStream stream;
        try { stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) when (File.Exists(path)) { return null; }
        try
        {
            // Who holds it, for a person looking at a stuck lock; written only by the holder.
            var holder = Encoding.UTF8.GetBytes($"{Environment.ProcessId} {name}\n");
            stream.SetLength(0);
            stream.Write(holder);
            stream.Flush();
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return new Held(stream);
    }

    private sealed class Held(FileStream stream) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }
}
