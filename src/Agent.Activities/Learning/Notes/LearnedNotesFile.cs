using System.Text;

namespace Agent.Activities.Learning.Notes;

/// <summary>
/// Writes the managed block into a notes file on disk (<see cref="LearnedNotesBlock.Apply"/>): creates the file only when
/// there is a block to write, keeps the user's text and a UTF-8 byte order mark as they were, writes nothing when the
/// text would not change, and replaces the file in one move so a failure never leaves it half written.
/// </summary>
public static class LearnedNotesFile
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Puts <paramref name="block"/> into the file at <paramref name="path"/>; true when the file changed.</summary>
    /// <exception cref="LearnedNotesFileException">The file's markers are broken, or it is not UTF-8; it was left unchanged.</exception>
    public static async Task<bool> WriteAsync(string path, string block, CancellationToken cancellationToken = default)
    {
        string? existing = null;
        var hasBom = false;
        if (File.Exists(path))
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            hasBom = bytes.AsSpan().StartsWith(Bom);
            try
            {
                existing = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, hasBom ? Bom.Length : 0, bytes.Length - (hasBom ? Bom.Length : 0));
            }
            catch (DecoderFallbackException)
            {
                // Decoding with replacement characters and writing back would change the user's bytes.
                throw new LearnedNotesFileException($"{Path.GetFileName(path)} is not UTF-8 text, so the agent cannot update its learned-notes block without changing the rest; "
                    + "the file was left unchanged. Save it as UTF-8, or set Learning:Notes:FileName to another file.");
            }
        }
        var updated = LearnedNotesBlock.Apply(existing, block, Path.GetFileName(path));
        if (updated is null || string.Equals(updated, existing, StringComparison.Ordinal)) return false;

        if (Path.GetDirectoryName(path) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        var temporary = path + ".agent-tmp";
        try
        {
            await File.WriteAllTextAsync(temporary, updated, new UTF8Encoding(hasBom), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        return true;
    }
}
