namespace Agent.Activities.Learning.Notes;

/// <summary>A notes file whose managed block cannot be found unambiguously; the file was left unchanged.</summary>
public sealed class LearnedNotesFileException(string message) : Exception(message);

/// <summary>
/// Puts the managed block into a notes file's text: replaces the block between <see cref="BeginMarker"/> and
/// <see cref="EndMarker"/>, appends it when the file has none, removes it when there is nothing to show, and keeps every
/// character outside the markers as it was. Pure text in, text out; <see cref="LearnedNotesFile"/> does the file work.
/// </summary>
public static class LearnedNotesBlock
{
    /// <summary>The line that opens the managed block.</summary>
    public const string BeginMarker = "<!-- agent:learned-notes:begin -->";

    /// <summary>The line that closes the managed block.</summary>
    public const string EndMarker = "<!-- agent:learned-notes:end -->";

    /// <summary>
    /// The new text of the file: <paramref name="existing"/> (null = no file) with <paramref name="block"/> (a rendered
    /// block, or empty for none) in place. Null when there is no file and nothing to write, so no file is created.
    /// </summary>
    /// <param name="existing">The file's current text, or null when it does not exist.</param>
    /// <param name="block">The rendered block, starting with <see cref="BeginMarker"/> and ending with <see cref="EndMarker"/>; empty = no block.</param>
    /// <param name="fileName">The file's name, for the error message.</param>
    /// <exception cref="LearnedNotesFileException">The markers are broken (one without the other, twice, or in the wrong order).</exception>
    public static string? Apply(string? existing, string block, string fileName)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (existing is null) return block.Length == 0 ? null : block + "\n";
        var (begin, end) = Find(existing, fileName);
        if (begin < 0)
        {
            if (block.Length == 0) return existing;
            var separator = existing.Length == 0 ? "" : existing.EndsWith('\n') ? "\n" : "\n\n";
            return existing + separator + block + "\n";
        }
        var after = end + EndMarker.Length;
        if (block.Length > 0) return existing[..begin] + block + existing[after..];
        // Removing the block also takes the line break that ended it, so the file returns to the user's own text.
        if (existing.AsSpan(after).StartsWith("\r\n")) after += 2;
        else if (after < existing.Length && existing[after] == '\n') after += 1;
        return existing[..begin] + existing[after..];
    }

    /// <summary>The positions of the one begin and the one end marker, or (-1, -1) when the text has neither.</summary>
    private static (int Begin, int End) Find(string text, string fileName)
    {
        var begins = Positions(text, BeginMarker);
        var ends = Positions(text, EndMarker);
        if (begins.Count == 0 && ends.Count == 0) return (-1, -1);
        string? problem =
            begins.Count > 1 ? $"has {begins.Count} '{BeginMarker}' markers" :
            ends.Count > 1 ? $"has {ends.Count} '{EndMarker}' markers" :
            begins.Count == 0 ? $"has '{EndMarker}' without '{BeginMarker}'" :
            ends.Count == 0 ? $"has '{BeginMarker}' without '{EndMarker}'" :
            ends[0] < begins[0] ? $"has '{EndMarker}' before '{BeginMarker}'" : null;
        if (problem is not null)
            throw new LearnedNotesFileException($"{fileName} {problem}, so the agent's learned-notes block cannot be found. The file was left unchanged; "
                + "keep exactly one begin marker followed by one end marker (or delete both and the block between them) and the next cycle rewrites the block.");
        return (begins[0], ends[0]);
    }

    private static List<int> Positions(string text, string marker)
    {
        var found = new List<int>();
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal)) found.Add(at);
        return found;
    }
}
