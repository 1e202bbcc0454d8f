using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities;

/// <summary>
/// A SQLite file owned by one EF Core context: contexts opened on it come from a database migrated once per process, on
/// first use. A file that exists but is not SQLite is refused and left as it is. Derive one class per database, naming it
/// and the setting that moves it, so the error says what to do.
/// </summary>
/// <typeparam name="TContext">The context whose migrations own the file.</typeparam>
public abstract class MigratedSqliteDatabase<TContext> : IDisposable where TContext : DbContext
{
    private readonly SemaphoreSlim _migrate = new(1, 1);
    private readonly string _description;
    private readonly string _settingKey;
    private bool _migrated;

    /// <summary>Uses the file at <paramref name="path"/>.</summary>
    /// <param name="path">The SQLite file; relative paths resolve against the working directory.</param>
    /// <param name="description">What the database is, for messages (e.g. "cycle database").</param>
    /// <param name="settingKey">The setting that moves the file (e.g. <c>Cycle:DatabasePath</c>).</param>
    protected MigratedSqliteDatabase(string path, string description, string settingKey)
    {
        Path = System.IO.Path.GetFullPath(path);
        _description = description;
        _settingKey = settingKey;
    }

    /// <summary>The SQLite file.</summary>
    public string Path { get; }

    /// <summary>A new context on a migrated database.</summary>
    /// <exception cref="InvalidOperationException">The file exists but is not a SQLite database; it is left unchanged.</exception>
    public async Task<TContext> OpenAsync(CancellationToken cancellationToken)
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

    /// <summary>
    /// The migrations not yet applied to the file, without applying them (readiness probes ask this). A file that does
    /// not exist yet is not created: all migrations are pending.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file exists but is not a SQLite database; it is left unchanged.</exception>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var db = Create();
        if (!File.Exists(Path)) return [.. db.Database.GetMigrations()];
        CheckFile();
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _migrate.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A context on <paramref name="options"/> (SQLite on <see cref="Path"/>, no pooling: several processes share the file).</summary>
    protected abstract TContext CreateContext(DbContextOptions<TContext> options);

    private TContext Create()
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
        return CreateContext(new DbContextOptionsBuilder<TContext>().UseSqlite(connection).Options);
    }

    private void CheckFile()
    {
        var info = new FileInfo(Path);
        if (!info.Exists || info.Length == 0) return;
        var head = new byte[16];
        using (var stream = info.OpenRead()) stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (!head.AsSpan().SequenceEqual("SQLite format 3\0"u8))
            throw new InvalidOperationException($"The {_description} '{Path}' is not a SQLite database; it was left unchanged. Move it aside or set {_settingKey} to another file.");
    }
}
