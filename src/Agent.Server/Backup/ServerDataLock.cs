namespace Agent.Server.Backup;

/// <summary>
/// The lock file <c>agent-serve.lock</c> in the data directory. Every <c>agent serve</c> holds it shared for as long as
/// it runs (so replicas sharing a folder do not exclude each other); a restore takes it exclusively, which fails while
/// any server holds it and keeps a server from starting during the restore. The operating system releases the lock
/// when the process dies, so a killed server never leaves a stale lock behind.
/// </summary>
public sealed class ServerDataLock : IDisposable
{
    /// <summary>The lock file's name in the data directory.</summary>
    public const string FileName = "agent-serve.lock";

    private readonly FileStream _stream;

    private ServerDataLock(FileStream stream) => _stream = stream;

    /// <summary>The lock file of <paramref name="dataDirectory"/>.</summary>
    public static string PathFor(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>Takes the lock shared, as a server does.</summary>
    /// <exception cref="BackupException">A restore holds it.</exception>
    public static ServerDataLock AcquireShared(string dataDirectory)
    {
        var path = PathFor(dataDirectory);
        try
        {
            Create(dataDirectory);
            // .NET takes flock(LOCK_SH) for any FileShare but None (read access keeps that true on every file system).
            return new ServerDataLock(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        }
        catch (IOException)
        {
            throw new BackupException($"A restore ('agent backup restore') is writing the data directory {dataDirectory} ({path} is locked); start the server again when it has finished.");
        }
    }

    /// <summary>Takes the lock exclusively, as a restore does; null when a server holds it.</summary>
    public static ServerDataLock? TryAcquireExclusive(string dataDirectory)
    {
        try
        {
            var path = Create(dataDirectory);
            // FileShare.None makes .NET take flock(LOCK_EX | LOCK_NB), which fails while any server holds LOCK_SH.
            return new ServerDataLock(new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private static string Create(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = PathFor(dataDirectory);
        // Opened without a lock just to exist; the lock is taken by the second open.
        using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { }
        return path;
    }
}

/// <summary>Holds <see cref="ServerDataLock"/> shared while <c>agent serve</c> runs; registered first so nothing opens a database before it.</summary>
public sealed class ServerDataLockService(BackupCatalog catalog) : IHostedService, IDisposable
{
    private ServerDataLock? _lock;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lock = ServerDataLock.AcquireShared(catalog.DataDirectory);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
