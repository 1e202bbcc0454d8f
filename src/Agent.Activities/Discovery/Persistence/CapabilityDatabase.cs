using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Persistence;

/// <summary>Opens contexts on the capability database (<see cref="DiscoveryOptions.DatabasePath"/>), migrating it once on first use.</summary>
public sealed class CapabilityDatabase(IOptions<DiscoveryOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _migrate = new(1, 1);
    private bool _migrated;

    /// <summary>The SQLite file.</summary>
    public string Path => System.IO.Path.GetFullPath(options.Value.DatabasePath);

    /// <summary>A new context on a migrated database.</summary>
    /// <exception cref="InvalidOperationException">The file exists but is not a SQLite database; it is left unchanged.</exception>
    public async Task<CapabilityDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await _migrate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_migrated)
                {
                    CheckFile();
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                    await using var db = Create();
                    await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
                    _migrated = true;
                }
            }
            finally
            {
                _migrate.Release();
            }
        }
        return Create();
    }

    /// <inheritdoc />
    public void Dispose() => _migrate.Dispose();

    private CapabilityDbContext Create()
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
        return new CapabilityDbContext(new DbContextOptionsBuilder<CapabilityDbContext>().UseSqlite(connection).Options);
    }

    private void CheckFile()
    {
        var info = new FileInfo(Path);
        if (!info.Exists || info.Length == 0) return;
        var head = new byte[16];
        using (var stream = info.OpenRead()) stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (!head.AsSpan().SequenceEqual("SQLite format 3\0"u8))
            throw new InvalidOperationException($"The capability database '{Path}' is not a SQLite database; it was left unchanged. Move it aside or set Discovery:DatabasePath to another file.");
    }
}
