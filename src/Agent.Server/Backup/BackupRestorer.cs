using Agent.Workflows.Persistence;

namespace Agent.Server.Backup;

/// <summary>What a restore did.</summary>
/// <param name="Backup">The backup restored.</param>
/// <param name="Restored">Every file written, as full paths (and the PostgreSQL database, when there was one).</param>
/// <param name="LeftAlone">Databases that exist now but are not in the backup: left as they are.</param>
public sealed record RestoreResult(string Backup, IReadOnlyList<string> Restored, IReadOnlyList<string> LeftAlone);

/// <summary>
/// Puts a backup back. It verifies the whole backup first and refuses a damaged one, refuses while a server uses the
/// data directory, copies every file next to its destination and checks the copy, and only then replaces each file
/// with one rename. Until the first rename nothing is changed; each rename replaces one whole file.
/// </summary>
public sealed class BackupRestorer(BackupCatalog catalog, BackupVerifier verifier, SqliteOnlineBackup sqlite, PostgresTools postgres)
{
    private const string StagingSuffix = ".restoring";

    /// <summary>Restores <paramref name="backup"/> over the configured databases and files.</summary>
    /// <exception cref="BackupException">The backup is damaged, does not fit the configuration, or a server is running; nothing was changed.</exception>
    public async Task<RestoreResult> RestoreAsync(BackupFolder backup, CancellationToken cancellationToken)
    {
        var verification = await verifier.VerifyAsync(backup, cancellationToken);
        await BackupStore.RecordAsync(backup, verification, cancellationToken);
        if (!verification.Ok || backup.Manifest is not { } manifest)
            throw new BackupException($"Backup {backup.Id} is damaged and was not restored; nothing was changed. {string.Join("; ", verification.Problems)}. Restore another backup ('agent backup list' shows them).");
        var database = catalog.Database;
        if (manifest.Provider != database.Provider)
            throw new BackupException($"Backup {backup.Id} holds {manifest.Provider} data but Database:Provider is {database.Provider}; nothing was changed. Configure the provider the backup was made with, then restore.");

        using var exclusive = ServerDataLock.TryAcquireExclusive(catalog.DataDirectory)
            ?? throw new BackupException($"A server (agent serve) is using the data directory {catalog.DataDirectory}; nothing was changed. Stop the server first, then run the restore again.");

        var plan = Plan(backup, manifest);
        var staged = new List<(string Staged, string Target, BackupKind Kind)>();
        try
        {
            foreach (var (entry, target) in plan) staged.Add((await StageAsync(backup, entry, target, cancellationToken), target, entry.Kind));
            if (manifest.Files.FirstOrDefault(f => f.Kind == BackupKind.PostgresDump) is { } dump)
                await postgres.RestoreAsync(database.ConnectionString ?? "", BackupVerifier.PathOf(backup, dump), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Discard(staged);
            throw new BackupException($"Restoring backup {backup.Id} failed before any file was replaced ({e.Message}); nothing was changed. Fix the cause and run the restore again.");
        }
        catch
        {
            Discard(staged);
            throw;
        }

        // From here on every step replaces one whole file; a crash in between leaves some files restored and the rest as
        // they were, and running the restore again finishes it.
        foreach (var (file, target, kind) in staged)
        {
            if (kind == BackupKind.Sqlite)
            {
                // The old database's write-ahead log and journal must not be replayed onto the restored file.
                foreach (var suffix in new[] { "-wal", "-shm", "-journal" }) File.Delete(target + suffix);
            }
            File.Move(file, target, overwrite: true);
        }
        // Pooled connections of this process still point at the replaced files (SQLite would call them moved, read-only).
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var restored = plan.Select(p => p.Target).ToList();
        if (manifest.Files.Any(f => f.Kind == BackupKind.PostgresDump)) restored.Insert(0, "PostgreSQL database of Database:ConnectionString");
        var leftAlone = catalog.SqliteDatabases().Where(s => File.Exists(s.FullPath) && !restored.Contains(s.FullPath, StringComparer.Ordinal)).Select(s => s.FullPath).ToList();
        return new RestoreResult(backup.Id, restored, leftAlone);
    }

    // Where each file goes: where its configuration keys point now (so a backup can be restored into a moved data
    // directory), or where it came from when no key is known.
    private List<(BackupFileEntry Entry, string Target)> Plan(BackupFolder backup, BackupManifest manifest)
    {
        var plan = manifest.Files.Where(f => f.Kind != BackupKind.PostgresDump)
            .Select(f => (Entry: f, Target: catalog.CurrentPathOf(f.Kind, f.Keys) ?? f.Source)).ToList();
        var twice = plan.GroupBy(p => p.Target, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new BackupException($"Backup {backup.Id} has several files for {twice.Key} ({string.Join(", ", twice.Select(p => p.Entry.Path))}); nothing was changed. Give those stores their own *DatabasePath settings as when the backup was made.");
        return plan;
    }

    private static void Discard(IEnumerable<(string Staged, string Target, BackupKind Kind)> staged)
    {
        foreach (var (file, _, _) in staged)
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(file + suffix);
    }

    private async Task<string> StageAsync(BackupFolder backup, BackupFileEntry entry, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staged = target + StagingSuffix;
        try
        {
            await using (var input = new FileStream(BackupVerifier.PathOf(backup, entry), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            await using (var output = new FileStream(staged, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await input.CopyToAsync(output, cancellationToken);
            FileChecksum.FlushToDisk(staged);
            // The copy is checked again: the backup may sit on another disk than the data, and either may fail.
            if (await FileChecksum.Sha256Async(staged, cancellationToken) != entry.Sha256)
                throw new BackupException($"the copy of {entry.Path} at {staged} does not match its checksum (disk error?)");
            if (entry.Kind == BackupKind.Sqlite && entry.JournalMode is { Length: > 0 } mode && !string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase))
                await sqlite.SetJournalModeAsync(staged, mode, cancellationToken);
            return staged;
        }
        catch
        {
            Discard([(staged, target, entry.Kind)]);
            throw;
        }
    }
}
