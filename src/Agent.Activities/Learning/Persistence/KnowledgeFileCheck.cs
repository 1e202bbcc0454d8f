using Microsoft.Data.Sqlite;

namespace Agent.Activities.Learning.Persistence;

/// <summary>Recognizes an unusable knowledge base file and says, naming the file, what is wrong and what to do.</summary>
internal static class KnowledgeFileCheck
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private static ReadOnlySpan<byte> Header => "SQLite format 3\0"u8;

    /// <summary>Throws when the file exists, is not empty and does not start with the SQLite header. Only reads it.</summary>
    public static void EnsureValidOrAbsent(string path)
    {
        if (!File.Exists(path)) return;
        Span<byte> head = stackalloc byte[16];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length == 0) return; // SQLite treats an empty file as a new database.
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KnowledgeStoreException($"The knowledge base file '{path}' cannot be read: {ex.Message} Check that it exists and that this user may read and write it.", path, ex);
        }
        if (read < head.Length || !head.SequenceEqual(Header))
            throw NotADatabase(path, "it does not start with the SQLite header", null);
    }

    /// <summary>The exception to throw for <paramref name="ex"/>, or null when it is not a problem of the file.</summary>
    public static KnowledgeStoreException? Explain(SqliteException ex, string path, int busyTimeoutMs) => ex.SqliteErrorCode switch
    {
        SqliteNotADatabase or SqliteCorrupt => NotADatabase(path, ex.Message, ex),
        SqliteBusy or SqliteLocked => new KnowledgeStoreException(
            $"The knowledge base file '{path}' is locked by another process and stayed locked for the busy timeout ({busyTimeoutMs} ms). " +
            "Nothing was written. Wait for the other agent process (agent serve or another agent command) to finish and try again, " +
            "or raise Learning:BusyTimeoutMs if long writes are expected.", path, ex),
        SqliteReadOnly => new KnowledgeStoreException(
            $"The knowledge base file '{path}' is read-only ({ex.Message}). Give this user write permission on the file and its folder.", path, ex),
        SqliteCantOpen => new KnowledgeStoreException(
            $"The knowledge base file '{path}' cannot be opened ({ex.Message}). Check that its folder exists and is writable, or set Learning:DatabasePath.", path, ex),
        _ => null,
    };

    private static KnowledgeStoreException NotADatabase(string path, string why, Exception? inner) => new(
        $"The knowledge base file '{path}' is not a valid SQLite database ({why}). The file was left unchanged. " +
        "Restore it from a backup, or move it aside (rename or delete it) so that a new, empty knowledge base is created on the next start " +
        "(what the agent learned so far is then lost).", path, inner);
}
