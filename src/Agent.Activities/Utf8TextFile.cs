using System.Text;

namespace Agent.Activities;

/// <summary>A UTF-8 text file read and written back without changing what the agent did not mean to change.</summary>
/// <param name="Text">The text, without the byte order mark.</param>
/// <param name="HasBom">Whether the file starts with a UTF-8 byte order mark.</param>
internal sealed record Utf8TextFile(string Text, bool HasBom)
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Reads <paramref name="path"/> strictly: null when it is not valid UTF-8, because decoding with replacement
    /// characters and writing back would change the user's bytes.
    /// </summary>
    public static async Task<Utf8TextFile?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var hasBom = bytes.AsSpan().StartsWith(Bom);
        try
        {
            return new Utf8TextFile(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, hasBom ? Bom.Length : 0, bytes.Length - (hasBom ? Bom.Length : 0)), hasBom);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/> as UTF-8 (with a byte order mark when
    /// <paramref name="hasBom"/>), through a temporary file moved into place, so a failure never leaves it half written.
    /// </summary>
    public static async Task WriteAsync(string path, string text, bool hasBom, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        var temporary = path + ".agent-tmp";
        try
        {
            await File.WriteAllTextAsync(temporary, text, new UTF8Encoding(hasBom), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
