using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Agent.Workflows.Persistence;

namespace Agent.Server.Backup;

/// <summary>One file of a backup as recorded when it was made.</summary>
/// <param name="Kind">How it was copied, and so how it is checked and restored.</param>
/// <param name="Keys">The configuration keys naming it; restore puts it where these keys point then.</param>
/// <param name="Path">Its path inside the backup folder ('/'-separated).</param>
/// <param name="Source">Where it was copied from (for people; restore follows <paramref name="Keys"/>).</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex.</param>
/// <param name="JournalMode">A SQLite source's journal mode (e.g. <c>wal</c>), set again on the restored file; the copy itself keeps a rollback journal.</param>
public sealed record BackupFileEntry(BackupKind Kind, IReadOnlyList<string> Keys, string Path, string Source, long Size, string Sha256, string? JournalMode = null);

/// <summary>What a backup holds: <c>manifest.json</c> in its folder, written last so a backup without one is incomplete.</summary>
/// <param name="FormatVersion">The manifest format; restore refuses formats it does not know.</param>
/// <param name="CreatedAt">When the backup was made.</param>
/// <param name="AgentVersion">The agent's version that made it.</param>
/// <param name="Provider">Where the stores were: SQLite files or one PostgreSQL database.</param>
/// <param name="Files">Every file of the backup.</param>
public sealed record BackupManifest(int FormatVersion, DateTimeOffset CreatedAt, string AgentVersion, DatabaseProvider Provider, IReadOnlyList<BackupFileEntry> Files)
{
    /// <summary>The manifest's file name in a backup folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The format this build writes and reads.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The running agent's version (informational version of the host assembly).</summary>
    public static string CurrentAgentVersion =>
        typeof(BackupManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The sum of the files' sizes.</summary>
    [JsonIgnore]
    public long TotalSize => Files.Sum(f => f.Size);

    /// <summary>Serializes the manifest.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a manifest; null with <paramref name="problem"/> set when it is not one.</summary>
    public static BackupManifest? TryParse(string json, out string? problem)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<BackupManifest>(json, Json);
            problem = manifest is null || manifest.Files is null ? "it is empty" : null;
            if (manifest is not null && manifest.FormatVersion != CurrentFormat) problem = $"its format {manifest.FormatVersion} is not {CurrentFormat}; use the agent version that made it ({manifest.AgentVersion})";
            return problem is null ? manifest : null;
        }
        catch (JsonException e)
        {
            problem = $"it is not valid JSON ({e.Message})";
            return null;
        }
    }
}

/// <summary>File checksums, streamed so large databases are not read into memory.</summary>
public static class FileChecksum
{
    /// <summary>The SHA-256 of the file, lower-case hex.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Flushes a written file to disk, so a crash after its rename finds it whole.</summary>
    public static void FlushToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }
}
