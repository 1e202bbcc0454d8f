using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Agent.Server.Backup;

/// <summary>The last check of a backup, kept beside its manifest (<c>verification.json</c>); not part of the checksums.</summary>
/// <param name="At">When it was checked.</param>
/// <param name="Ok">Whether every check passed.</param>
/// <param name="Problems">What failed, one line each.</param>
public sealed record BackupVerification(DateTimeOffset At, bool Ok, IReadOnlyList<string> Problems);

/// <summary>One backup folder as found on disk.</summary>
/// <param name="Id">Its folder name, e.g. <c>20261206-030000-000</c>.</param>
/// <param name="Path">The folder.</param>
/// <param name="Manifest">Its manifest, or null when it is missing or unreadable.</param>
/// <param name="ManifestProblem">Why there is no manifest.</param>
/// <param name="Verification">The last verification, if any.</param>
public sealed record BackupFolder(string Id, string Path, BackupManifest? Manifest, string? ManifestProblem, BackupVerification? Verification);

/// <summary>
/// The backup directory: one folder per backup, named by its UTC creation time so names sort by age. A backup is
/// written into a <c>.partial-</c> folder and renamed when complete, so a crash never leaves a folder that looks whole.
/// </summary>
public sealed class BackupStore(IOptions<BackupOptions> options, BackupCatalog catalog)
{
    private const string PartialPrefix = ".partial-";
    private const string VerificationFile = "verification.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The backup directory as a full path.</summary>
    public string Root => Path.GetFullPath(options.Value.Directory, catalog.ContentRoot);

    /// <summary>Every backup, newest first (folders being written are left out).</summary>
    public IReadOnlyList<BackupFolder> List()
    {
        if (!Directory.Exists(Root)) return [];
        return [.. Directory.GetDirectories(Root)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .OrderByDescending(d => Path.GetFileName(d), StringComparer.Ordinal)
            .Select(Load)
            // A backup pruned while the list was read is gone, not damaged.
            .Where(b => b.Manifest is not null || Directory.Exists(b.Path))];
    }

    /// <summary>The backup <paramref name="idOrPath"/>: an id in the backup directory, <c>latest</c>, or a folder path.</summary>
    /// <exception cref="BackupException">No such backup.</exception>
    public BackupFolder Find(string idOrPath)
    {
        if (string.Equals(idOrPath, "latest", StringComparison.OrdinalIgnoreCase))
            return List().FirstOrDefault() ?? throw new BackupException($"There is no backup in {Root} yet; make one with 'agent backup create'.");
        var inRoot = Path.Combine(Root, idOrPath);
        if (!idOrPath.Contains('/', StringComparison.Ordinal) && Directory.Exists(inRoot)) return Load(inRoot);
        var asPath = Path.GetFullPath(idOrPath);
        if (Directory.Exists(asPath)) return Load(asPath);
        throw new BackupException($"There is no backup '{idOrPath}' in {Root}; 'agent backup list' shows the backups (or give a backup folder's path).");
    }

    /// <summary>Starts a new backup: its id and the partial folder to write it into.</summary>
    public (string Id, string PartialPath) Begin(DateTimeOffset now)
    {
        Directory.CreateDirectory(Root);
        var id = now.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        // Two backups in the same millisecond (a scheduled and a manual one) get distinct names.
        for (var n = 2; Directory.Exists(Path.Combine(Root, id)) || Directory.Exists(Path.Combine(Root, PartialPrefix + id)); n++)
            id = $"{now.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}-{n}";
        var partial = Path.Combine(Root, PartialPrefix + id);
        Directory.CreateDirectory(partial);
        return (id, partial);
    }

    /// <summary>Makes a finished partial folder a backup (one rename) and returns it.</summary>
    public BackupFolder Complete(string id, string partialPath)
    {
        var final = Path.Combine(Root, id);
        Directory.Move(partialPath, final);
        return Load(final);
    }

    /// <summary>Removes a partial folder after a failed backup.</summary>
    public static void Abandon(string partialPath)
    {
        if (Directory.Exists(partialPath)) Directory.Delete(partialPath, recursive: true);
    }

    /// <summary>Records the result of a verification beside the manifest; false when the backup folder cannot be written.</summary>
    public static async Task<bool> RecordAsync(BackupFolder backup, BackupVerification verification, CancellationToken cancellationToken)
    {
        var path = Path.Combine(backup.Path, VerificationFile);
        var temp = path + ".tmp";
        try
        {
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(verification, Json), cancellationToken);
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Backups on read-only media still verify and restore; only their verified state is not remembered.
            return false;
        }
    }

    /// <summary>Deletes all but the <paramref name="retain"/> newest backups and returns the ids deleted.</summary>
    public IReadOnlyList<string> Prune(int retain)
    {
        var deleted = new List<string>();
        foreach (var old in List().Skip(Math.Max(1, retain)))
        {
            // Renamed out of sight first, so no reader ever sees a half-deleted backup.
            var doomed = Path.Combine(Root, $".deleting-{old.Id}");
            Directory.Move(old.Path, doomed);
            Directory.Delete(doomed, recursive: true);
            deleted.Add(old.Id);
        }
        return deleted;
    }

    /// <summary>Reads the backup in <paramref name="folder"/> (also a partial one, to verify it before it is completed).</summary>
    public static BackupFolder Load(string folder)
    {
        var manifestPath = Path.Combine(folder, BackupManifest.FileName);
        BackupManifest? manifest = null;
        string? problem;
        if (!File.Exists(manifestPath)) problem = $"{BackupManifest.FileName} is missing (the backup is incomplete or was damaged)";
        else
        {
            manifest = BackupManifest.TryParse(File.ReadAllText(manifestPath), out problem);
            if (problem is not null) problem = $"{BackupManifest.FileName}: {problem}";
        }
        return new BackupFolder(Path.GetFileName(folder), folder, manifest, problem, ReadVerification(folder));
    }

    private static BackupVerification? ReadVerification(string folder)
    {
        var path = Path.Combine(folder, VerificationFile);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<BackupVerification>(File.ReadAllText(path), Json); }
        catch (JsonException) { return null; }
    }
}

/// <summary>A backup cannot be made, found, verified or restored; the message says what is wrong and what to do.</summary>
public sealed class BackupException(string message) : Exception(message);
