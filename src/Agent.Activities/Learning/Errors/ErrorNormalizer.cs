using System.Text.RegularExpressions;

namespace Agent.Activities.Learning.Errors;

/// <summary>
/// Turns raw error text into a <see cref="NormalizedError"/>: the same error seen with other paths, line and column
/// numbers, ids, timestamps or addresses gets the same signature; a different kind or wording gets another.
/// Pure and thread-safe.
/// </summary>
public static partial class ErrorNormalizer
{
    private const int MaxFrames = 3;
    private const int MaxMessageLength = 400;
    private static readonly HashSet<string> Placeholders = ["guid", "time", "path", "hex", "n", "url"];

    /// <summary>Normalizes <paramref name="error"/>.</summary>
    /// <exception cref="ArgumentException">The text is empty.</exception>
    public static NormalizedError Normalize(ErrorObservation error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (string.IsNullOrWhiteSpace(error.Text)) throw new ArgumentException("The error text is empty; give the error's message (and stack, when there is one).", nameof(error));
        var lines = error.Text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var frames = lines.Where(IsFrame).Take(MaxFrames).Select(NormalizeFrame).ToList();
        var messageLines = lines.Where(l => !IsFrame(l)).ToList();
        var kind = string.IsNullOrWhiteSpace(error.Kind) ? DetectKind(messageLines) : error.Kind.Trim();
        var headline = Headline(messageLines, kind);
        var message = Mask(headline);
        if (message.Length > MaxMessageLength) message = message[..MaxMessageLength];
        return new NormalizedError(kind, message, frames, TermsOf(kind + " " + message));
    }

    /// <summary>The masked form of <paramref name="text"/>: GUIDs, URLs, timestamps, paths, hex and numbers replaced by placeholders.</summary>
    public static string Mask(string text)
    {
        var s = Guid().Replace(text, "<guid>");
        s = Url().Replace(s, "<url>");
        s = Timestamp().Replace(s, "<time>");
        s = ClockTime().Replace(s, "<time>");
        s = WindowsPath().Replace(s, "<path>");
        s = UnixPath().Replace(s, "<path>");
        s = RelativePath().Replace(s, "<path>");
        s = Hex().Replace(s, "<hex>");
        s = LongHex().Replace(s, "<hex>");
        s = Number().Replace(s, "<n>");
        return Whitespace().Replace(s, " ").Trim();
    }

    /// <summary>Distinct lower-case words of <paramref name="text"/> (two characters or more, placeholders left out), in order.</summary>
    public static IReadOnlyList<string> TermsOf(string text)
    {
        var withoutPlaceholders = Placeholder().Replace(text, " ");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var terms = new List<string>();
        foreach (Match m in Word().Matches(withoutPlaceholders))
        {
            var term = m.Value.ToLowerInvariant();
            if (!Placeholders.Contains(term) && seen.Add(term)) terms.Add(term);
        }
        return terms;
    }

    private static bool IsFrame(string line) => DotNetOrJsFrame().IsMatch(line) || PythonFrame().IsMatch(line);

    private static string NormalizeFrame(string line)
    {
        // ".NET: at Ns.Type.Method(args) in /path/File.cs:line 42" — the location goes, the method stays.
        // Python frames end in ", in function": that is the method, so it stays.
        return Mask(line.StartsWith("at ", StringComparison.Ordinal) ? FrameLocation().Replace(line, "") : line);
    }

    private static string DetectKind(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
            if (CompilerCode().Match(line) is { Success: true } code) return code.Groups[1].Value;
        foreach (var line in lines)
            if (ExceptionType().Match(line) is { Success: true } type) return type.Groups[1].Value;
        return "error";
    }

    private static string Headline(IReadOnlyList<string> lines, string kind)
    {
        if (lines.Count == 0) return kind;
        if (kind != "error" && lines.FirstOrDefault(l => l.Contains(kind, StringComparison.Ordinal)) is { } withKind) return withKind;
        return lines.FirstOrDefault(l => ErrorWord().IsMatch(l)) ?? lines[0];
    }

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex Guid();

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]*://[^\s'""<>()]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b")]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"\b[A-Za-z]:\\[^\s'""<>():,;]*")]
    private static partial Regex WindowsPath();

    // An absolute path: a slash-led segment, optionally after ~ or dots, not preceded by a word character.
    [GeneratedRegex(@"(?<![\w<])(?:~|\.{1,2})?(?:/[^\s'""<>():,;/]+)+/?")]
    private static partial Regex UnixPath();

    // A relative path such as src/Foo.cs or ./build/out: two or more segments joined by slashes.
    [GeneratedRegex(@"(?<![\w<])[\w.-]+(?:/[\w.-]+)+")]
    private static partial Regex RelativePath();

    [GeneratedRegex(@"\b0x[0-9a-fA-F]+\b")]
    private static partial Regex Hex();

    // Hashes and addresses without 0x (commit ids, digests): eight or more hex digits with at least one digit.
    [GeneratedRegex(@"\b(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}\b")]
    private static partial Regex LongHex();

    // Numbers not glued to a word on the left, so CS0103 and file2 stay while line 42, (12,5) and 1.2.3 go.
    [GeneratedRegex(@"(?<!\w)\d+(?:\.\d+)*")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<\w+>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^at\s+\S")]
    private static partial Regex DotNetOrJsFrame();

    [GeneratedRegex(@"^File\s+"".*"",\s+line\s+\d+")]
    private static partial Regex PythonFrame();

    [GeneratedRegex(@"\s+in\s+\S.*$")]
    private static partial Regex FrameLocation();

    [GeneratedRegex(@"\b(?:error|warning)\s+([A-Z]{1,4}\d{3,5})\b")]
    private static partial Regex CompilerCode();

    [GeneratedRegex(@"\b((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Exception|Error))\b")]
    private static partial Regex ExceptionType();

    [GeneratedRegex(@"error|fail|exception|cannot|not found|denied|invalid", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorWord();
}
