using System.Text;

namespace Agent.Activities.Discovery;

/// <summary>
/// Splits tool names and descriptions into lowercase words: <c>read_text_file</c>, <c>readTextFile</c> and
/// <c>read-text-file</c> all become <c>read, text, file</c>.
/// </summary>
public static class ToolText
{
    /// <summary>The words of <paramref name="text"/>, lowercase, split at non-letters/digits and at camelCase humps.</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text)) return words;
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(current, words);
                continue;
            }
            // A hump: lower→Upper ("readFile") or the last capital of an acronym before a lowercase ("SQLQuery").
            var hump = char.IsUpper(c) && current.Length > 0
                && (char.IsLower(text[i - 1]) || (i + 1 < text.Length && char.IsLower(text[i + 1]) && char.IsUpper(text[i - 1])));
            if (hump) Flush(current, words);
            current.Append(char.ToLowerInvariant(c));
        }
        Flush(current, words);
        return words;
    }

    /// <summary>Whether every word of <paramref name="phrase"/> is among <paramref name="words"/>, in any order.</summary>
    public static bool ContainsAll(IReadOnlyList<string> words, IReadOnlyList<string> phrase) =>
        phrase.Count > 0 && phrase.All(p => words.Contains(p, StringComparer.Ordinal));

    /// <summary>Whether <paramref name="phrase"/> occurs in <paramref name="words"/> as consecutive words.</summary>
    public static bool ContainsSequence(IReadOnlyList<string> words, IReadOnlyList<string> phrase)
    {
        if (phrase.Count == 0 || phrase.Count > words.Count) return false;
        for (var start = 0; start + phrase.Count <= words.Count; start++)
        {
            var match = true;
            for (var k = 0; k < phrase.Count && match; k++) match = words[start + k] == phrase[k] || Plural(words[start + k], phrase[k]);
            if (match) return true;
        }
        return false;
    }

    // "files" matches the keyword "file": descriptions use both.
    private static bool Plural(string word, string keyword) => word.Length == keyword.Length + 1 && word[^1] == 's' && word.StartsWith(keyword, StringComparison.Ordinal);

    private static void Flush(StringBuilder current, List<string> words)
    {
        if (current.Length == 0) return;
        words.Add(current.ToString());
        current.Clear();
    }
}
