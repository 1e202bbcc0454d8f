namespace Agent.Server.Backup;

/// <summary>
/// Checks a backup without changing it: the manifest is there and readable, every file it lists is there with its
/// size and SHA-256, every SQLite copy passes <c>PRAGMA integrity_check</c> and every dump's table of contents reads.
/// </summary>
public sealed class BackupVerifier(SqliteOnlineBackup sqlite, PostgresTools postgres, TimeProvider clock)
{
    /// <summary>Checks <paramref name="backup"/>; the result lists every problem found.</summary>
    public async Task<BackupVerification> VerifyAsync(BackupFolder backup, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (backup.Manifest is not { } manifest) problems.Add(backup.ManifestProblem ?? $"{BackupManifest.FileName} cannot be read");
        else
        {
            if (manifest.Files.Count == 0) problems.Add($"{BackupManifest.FileName} lists no files");
            foreach (var entry in manifest.Files)
                if (await CheckAsync(backup, entry, cancellationToken) is { } problem) problems.Add($"{entry.Path}: {problem}");
        }
        return new BackupVerification(clock.GetUtcNow(), problems.Count == 0, problems);
    }

    /// <summary>The full path of <paramref name="entry"/> inside <paramref name="backup"/>, refusing paths that leave the folder.</summary>
    /// <exception cref="BackupException">The manifest points outside the backup folder.</exception>
    public static string PathOf(BackupFolder backup, BackupFileEntry entry)
    {
        var root = Path.GetFullPath(backup.Path) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, entry.Path));
        return full.StartsWith(root, StringComparison.Ordinal)
            ? full
            : throw new BackupException($"{BackupManifest.FileName} of {backup.Id} names '{entry.Path}', which is outside the backup folder; the manifest was tampered with.");
    }

    private async Task<string?> CheckAsync(BackupFolder backup, BackupFileEntry entry, CancellationToken cancellationToken)
    {
        string path;
        try { path = PathOf(backup, entry); }
        catch (BackupException e) { return e.Message; }
        if (!File.Exists(path)) return "missing";
        var size = new FileInfo(path).Length;
        if (size != entry.Size) return $"is {size} bytes but was {entry.Size} when backed up (truncated or replaced)";
        if (await FileChecksum.Sha256Async(path, cancellationToken) != entry.Sha256) return "its SHA-256 differs from the manifest's (the file is damaged)";
        return entry.Kind switch
        {
            BackupKind.Sqlite => await sqlite.CheckAsync(path, cancellationToken),
            BackupKind.PostgresDump => await postgres.CheckAsync(path, cancellationToken),
            _ => null,
        };
    }
}
