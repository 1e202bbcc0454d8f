using System.Text;
using System.Text.RegularExpressions;

namespace Agent.Activities.Planning;

/// <summary>A template that names a placeholder no value is given for; nothing is rendered.</summary>
public sealed class PromptTemplateException(string file, int line, string problem) : Exception($"{file}:{line}: {problem}")
{
    /// <summary>The template file.</summary>
    public string File { get; } = file;

    /// <summary>The 1-based line.</summary>
    public int Line { get; } = line;
}

/// <summary>
/// A prompt template: plain text with <c>{{name}}</c> placeholders (letters, digits and underscores; spaces inside
/// the braces are allowed). Every placeholder must have a value; an unknown one is an error that names the file, the
/// line and the names that exist. Text outside placeholders is kept as written.
/// </summary>
public sealed partial class PromptTemplate(string file, string text)
{
    /// <summary>The file it was read from.</summary>
    public string File { get; } = file;

    /// <summary>The raw text.</summary>
    public string Text { get; } = text;

    /// <summary>The placeholder names used, in order of first use.</summary>
    public IReadOnlyList<string> Placeholders => [.. Placeholder().Matches(Text).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>Replaces every placeholder with its value.</summary>
    /// <exception cref="PromptTemplateException">A placeholder has no value.</exception>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        foreach (Match m in Placeholder().Matches(Text))
        {
            var name = m.Groups["name"].Value;
            if (!values.ContainsKey(name))
            {
                var line = Text.AsSpan(0, m.Index).Count('\n') + 1;
                throw new PromptTemplateException(File, line, $"unknown placeholder '{{{{{name}}}}}'. Known placeholders: {string.Join(", ", values.Keys.Order(StringComparer.Ordinal))}.");
            }
        }
        var rendered = Placeholder().Replace(Text, m => values[m.Groups["name"].Value]);
        return Normalize(rendered);
    }

    // Empty values can leave runs of blank lines; keep at most one so prompts stay tidy.
    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var blank = 0;
        foreach (var line in text.Split('\n'))
        {
            blank = line.Trim().Length == 0 ? blank + 1 : 0;
            if (blank <= 1) builder.Append(line.TrimEnd()).Append('\n');
        }
        return builder.ToString().Trim() + "\n";
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
