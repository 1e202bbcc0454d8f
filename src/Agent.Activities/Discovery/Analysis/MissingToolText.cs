using System.Text.RegularExpressions;

namespace Agent.Activities.Discovery.Analysis;

/// <summary>
/// Recognises text in which a model or Claude Code says a tool was missing — <c>No such tool available: X</c>,
/// <c>Unknown tool: X</c>, <c>tool X is not available</c>, <c>I don't have a web search tool</c> — and extracts what
/// was missing (a tool name or a short phrase) for the taxonomy to tag.
/// </summary>
public static partial class MissingToolText
{
    /// <summary>Words a knowledge-base query can pre-filter on (case-insensitive substrings of every pattern).</summary>
    public static IReadOnlyList<string> Markers { get; } = ["no such tool", "unknown tool", "not available", "not found", "have access to", "don't have", "do not have"];

    /// <summary>What was missing in <paramref name="text"/>: tool names or phrases, in order, without duplicates.</summary>
    public static IReadOnlyList<string> MissingTools(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var found = new List<string>();
        foreach (var regex in (Regex[])[NoSuchTool(), UnknownTool(), ToolNotAvailable(), LacksTool()])
        {
            foreach (Match match in regex.Matches(text))
            {
                var value = match.Groups["tool"].Value.Trim().Trim('\'', '"', '`', '.', ',');
                if (value.Length > 0 && !found.Contains(value, StringComparer.OrdinalIgnoreCase)) found.Add(value);
            }
        }
        return found;
    }

    [GeneratedRegex(@"No such tool available:?\s*(?<tool>[\w.\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex NoSuchTool();

    [GeneratedRegex(@"Unknown tool:?\s*['""`]?(?<tool>[\w.\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex UnknownTool();

    [GeneratedRegex(@"\btool\s+['""`]?(?<tool>[\w.\-]+)['""`]?\s+(?:is\s+)?not\s+(?:available|found)", RegexOptions.IgnoreCase)]
    private static partial Regex ToolNotAvailable();

    [GeneratedRegex(@"(?:don't|do not|doesn't|does not)\s+have\s+(?:access\s+to\s+)?(?:a|an|any)\s+(?<tool>[\w\- ]{2,40}?)\s+tool", RegexOptions.IgnoreCase)]
    private static partial Regex LacksTool();
}
