using System.Text;
using Microsoft.Data.Sqlite;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>
/// Recognizes a file that is not a usable SQLite database before SQLite touches it, and turns SQLite's own
/// "not a database" and "corrupt" errors into a <see cref="WorkflowStoreException"/> that tells the operator what to do.
/// </summary>
internal static class SqliteDatabaseFile
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;
    private static ReadOnlySpan<byte> Header => "SQLite format 3\0"u8;

    /// <summary>Throws when <paramref name="path"/> exists, is not empty and does not start with the SQLite header.
    /// Only reads the file: a wrong file must never be "repaired" into an empty database.</summary>
    public static void EnsureValidOrAbsent(string? path)
    {
        if (path is null || !File.Exists(path)) return;
        Span<byte> head = stackalloc byte[16];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length == 0) return; // SQLite treats an empty file as a new, empty database.
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (IOException ex)
        {
            throw new WorkflowStoreException($"The workflow database file '{path}' cannot be read: {ex.Message}", path, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new WorkflowStoreException($"The workflow database file '{path}' cannot be read: {ex.Message} Check its permissions.", path, ex);
        }
        if (read < head.Length || !head.SequenceEqual(Header))
            throw NotADatabase(path, inner: null, detail: $"it does not start with the SQLite header; its first bytes are {Describe(head[..read])}");
    }

    public static bool IsDamaged(SqliteException ex) =>
        ex.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt;

    public static WorkflowStoreException NotADatabase(string? path, Exception? inner, string? detail = null)
    {
        var where = path is null ? "The workflow database" : $"The workflow database file '{path}'";
        var why = detail ?? inner?.Message ?? "it cannot be read as a database";
        var message = new StringBuilder()
            .Append(where).Append(" is not a valid SQLite database (").Append(why).Append("). ")
            .Append("The file was left unchanged. ")
            .Append("Restore it from a backup, or move it aside (rename or delete it) so that a new, empty database is created on the next start.")
            .ToString();
        return new WorkflowStoreException(message, path, inner);
    }

    private static string Describe(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 0 ? "none" : Convert.ToHexString(bytes[..Math.Min(8, bytes.Length)]);
}
