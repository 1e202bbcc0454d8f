namespace Agent.Activities.Persistence;

/// <summary>Refuses, before SQLite opens it, a file that exists but is not a SQLite database, so it is never overwritten.</summary>
internal static class SqliteFileCheck
{
    /// <summary>Throws when <paramref name="path"/> is a non-empty file without the SQLite header; only reads it.</summary>
    public static void EnsureSqliteOrAbsent(string path, string description, string settingKey)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0) return;
        var head = new byte[16];
        using (var stream = info.OpenRead()) stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (!head.AsSpan().SequenceEqual("SQLite format 3\0"u8))
            throw new InvalidOperationException($"The {description} '{path}' is not a SQLite database; it was left unchanged. Move it aside or set {settingKey} to another file.");
    }
}
