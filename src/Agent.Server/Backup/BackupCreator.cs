using Agent.Workflows.Persistence;

namespace Agent.Server.Backup;

/// <summary>
/// Makes one backup: every database the catalog names (SQLite online backups, or a <c>pg_dump</c> of the PostgreSQL
/// database) and the operator's files, with a checksummed manifest, verified right after. Written into a partial
/// folder that becomes the backup in one rename, so an interrupted backup never looks complete.
/// </summary>
public sealed class BackupCreator(BackupCatalog catalog, BackupStore store, SqliteOnlineBackup sqlite, PostgresTools postgres, BackupVerifier verifier, TimeProvider clock)
{
    /// <summary>The path of the PostgreSQL dump inside a backup.</summary>
    public const string DumpPath = "postgres/database.dump";

    /// <summary>Makes a backup and returns it, verified.</summary>
    /// <exception cref="BackupException">Nothing to back up, the backup folder is inside the data directory, or a copy failed (no backup is left).</exception>
    public async Task<BackupFolder> CreateAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = catalog.DataDirectory + Path.DirectorySeparatorChar;
        if ((store.Root + Path.DirectorySeparatorChar).StartsWith(dataDirectory, StringComparison.Ordinal))
            throw new BackupException($"Backup:Directory ({store.Root}) is inside the data directory ({catalog.DataDirectory}), so losing the data directory would lose the backups too; set Backup:Directory to a folder outside it.");
        var createdAt = clock.GetUtcNow();
        var (id, partial) = store.Begin(createdAt);
        try
        {
            var database = catalog.Database;
            var files = new List<BackupFileEntry>();
            if (database.Provider == DatabaseProvider.PostgreSql) files.Add(await DumpAsync(partial, database, cancellationToken));
            // With PostgreSQL, stores not moved there yet still keep SQLite files: whatever exists is backed up.
            foreach (var source in catalog.SqliteDatabases().Where(s => File.Exists(s.FullPath)))
                files.Add(await CopyAsync(partial, source, files, async (from, to) => await sqlite.CopyAsync(from, to, cancellationToken), cancellationToken));
            foreach (var source in catalog.OperatorFiles().Where(s => File.Exists(s.FullPath)))
                files.Add(await CopyAsync(partial, source, files, async (from, to) => { await CopyFileAsync(from, to, cancellationToken); return null; }, cancellationToken));
            if (files.Count == 0)
                throw new BackupException($"There is nothing to back up: none of the agent's databases exists yet under {catalog.DataDirectory}. Run the agent first, or check --data-dir and the *DatabasePath settings.");

            var manifest = new BackupManifest(BackupManifest.CurrentFormat, createdAt, BackupManifest.CurrentAgentVersion, database.Provider, files);
            var manifestPath = Path.Combine(partial, BackupManifest.FileName);
            await File.WriteAllTextAsync(manifestPath, manifest.ToJson(), cancellationToken);
            FileChecksum.FlushToDisk(manifestPath);
            // Verified before the rename, so every backup that looks complete has been checked and says so.
            var verification = await verifier.VerifyAsync(BackupStore.Load(partial), cancellationToken);
            if (!verification.Ok)
                throw new BackupException($"The new backup does not verify: {string.Join("; ", verification.Problems)}. It was not kept; check the disk of {store.Root} and run 'agent backup create' again.");
            await BackupStore.RecordAsync(BackupStore.Load(partial), verification, cancellationToken);
        }
        catch
        {
            BackupStore.Abandon(partial);
            throw;
        }
        return store.Complete(id, partial);
    }

    private async Task<BackupFileEntry> DumpAsync(string partial, DatabaseOptions database, CancellationToken cancellationToken)
    {
        if (database.ConnectionString is not { Length: > 0 } connectionString)
            throw new BackupException("Database:Provider is PostgreSql but Database:ConnectionString is empty; set it (Host=…;Database=…;Username=…) to back up the database.");
        var file = Path.Combine(partial, DumpPath);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await postgres.DumpAsync(connectionString, file, cancellationToken);
        return await EntryAsync(BackupKind.PostgresDump, ["Database:ConnectionString"], DumpPath, "PostgreSQL database of Database:ConnectionString", file, cancellationToken);
    }

    private static async Task<BackupFileEntry> CopyAsync(string partial, BackupSource source, List<BackupFileEntry> taken, Func<string, string, Task<string?>> copy, CancellationToken cancellationToken)
    {
        var folder = source.Kind == BackupKind.Sqlite ? "sqlite" : "files";
        var name = Path.GetFileName(source.FullPath);
        var relative = $"{folder}/{name}";
        // Two files of the same name in different folders keep both, numbered.
        for (var n = 2; taken.Any(t => t.Path == relative); n++) relative = $"{folder}/{n}-{name}";
        var destination = Path.Combine(partial, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var journalMode = await copy(source.FullPath, destination);
        return await EntryAsync(source.Kind, source.Keys, relative, source.FullPath, destination, cancellationToken) with { JournalMode = journalMode };
    }

    private static async Task CopyFileAsync(string from, string to, CancellationToken cancellationToken)
    {
        await using (var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true))
        await using (var output = new FileStream(to, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await input.CopyToAsync(output, cancellationToken);
        FileChecksum.FlushToDisk(to);
    }

    private static async Task<BackupFileEntry> EntryAsync(BackupKind kind, IReadOnlyList<string> keys, string relative, string source, string file, CancellationToken cancellationToken) =>
        new(kind, keys, relative, source, new FileInfo(file).Length, await FileChecksum.Sha256Async(file, cancellationToken));
}
