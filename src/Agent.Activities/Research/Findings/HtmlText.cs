using AngleSharp.Html.Parser;

namespace Agent.Activities.Research.Findings;

/// <summary>Turns an HTML fragment (a Stack Overflow answer body) into short plain text, code blocks kept on their own lines.</summary>
public static class HtmlText
{
    private static readonly HtmlParser Parser = new();

    /// <summary>The text of <paramref name="html"/>, whitespace collapsed, cut to <paramref name="max"/> characters.</summary>
    public static string ToText(string? html, int max)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        var document = Parser.ParseDocument($"<body>{html}</body>");
        var parts = new List<string>();
        foreach (var block in document.Body!.Children)
        {
            var text = block.LocalName == "pre" ? "`" + block.TextContent.Trim() + "`" : Collapse(block.TextContent);
            if (text.Length > 0) parts.Add(text);
        }
        if (parts.Count == 0) parts.Add(Collapse(document.Body.TextContent));
        var joined = string.Join("\n", parts);
        return joined.Length <= max ? joined : joined[..max].TrimEnd() + "…";
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
