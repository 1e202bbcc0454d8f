namespace Agent.Workflows.Versioning;

/// <summary>
/// Shortens long old/new values for the text form by cutting away what both sides share, keeping
/// some context around the part that differs. A long script whose one call changed then shows
/// <c>…return getX() + 1;…</c> rather than two screens of identical code. JSON output is never shortened.
/// </summary>
internal static class DiffTextAbbreviator
{
    internal const int MaxLength = 80;
    private const int Context = 20;
    private const string Ellipsis = "…";

    public static (string? From, string? To) Abbreviate(string? from, string? to)
    {
        if (from is null || to is null) return (Truncate(from), Truncate(to));
        if (from.Length <= MaxLength && to.Length <= MaxLength) return (from, to);
        var prefix = CommonPrefix(from, to);
        var suffix = CommonSuffix(from, to, prefix);
        return (Cut(from, prefix, suffix), Cut(to, prefix, suffix));
    }

    private static string Cut(string text, int prefix, int suffix)
    {
        var start = Math.Max(0, prefix - Context);
        var end = Math.Min(text.Length, text.Length - suffix + Context);
        var middle = text[start..end];
        var tail = end < text.Length;
        if (middle.Length > MaxLength) { middle = middle[..MaxLength]; tail = true; }
        return (start > 0 ? Ellipsis : "") + middle + (tail ? Ellipsis : "");
    }

    private static string? Truncate(string? text) =>
        text is null || text.Length <= MaxLength ? text : text[..MaxLength] + Ellipsis;

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    /// <summary>The shared ending, never overlapping the shared beginning.</summary>
    private static int CommonSuffix(string a, string b, int prefix)
    {
        var n = 0;
        var limit = Math.Min(a.Length, b.Length) - prefix;
        while (n < limit && a[a.Length - 1 - n] == b[b.Length - 1 - n]) n++;
        return n;
    }
}
