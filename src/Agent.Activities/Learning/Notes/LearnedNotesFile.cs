namespace Agent.Activities.Learning.Notes;

/// <summary>
/// Writes the managed block into a notes file on disk (<see cref="LearnedNotesBlock.Apply"/>): creates the file only when
/// there is a block to write, keeps the user's text and a UTF-8 byte order mark as they were, writes nothing when the
/// text would not change, and replaces the file in one move so a failure never leaves it half written.
/// </summary>
public static class LearnedNotesFile
{
    /// <summary>Puts <paramref name="block"/> into the file at <paramref name="path"/>; true when the file changed.</summary>
    /// <exception cref="LearnedNotesFileException">The file's markers are broken, or it is not UTF-8; it was left unchanged.</exception>
    public static async Task<bool> WriteAsync(string path, string block, CancellationToken cancellationToken = default)
    {
        Utf8TextFile? existing = null;
        if (File.Exists(path))
            existing = await Utf8TextFile.ReadAsync(path, cancellationToken).ConfigureAwait(false)
                ?? throw new LearnedNotesFileException($"{Path.GetFileName(path)} is not UTF-8 text, so the agent cannot update its learned-notes block without changing the rest; "
                    + "the file was left unchanged. Save it as UTF-8, or set Learning:Notes:FileName to another file.");
        var updated = LearnedNotesBlock.Apply(existing?.Text, block, Path.GetFileName(path));
        if (updated is null || string.Equals(updated, existing?.Text, StringComparison.Ordinal)) return false;
        await Utf8TextFile.WriteAsync(path, updated, existing?.HasBom ?? false, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
