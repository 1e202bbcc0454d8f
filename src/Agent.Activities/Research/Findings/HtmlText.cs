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
        var inline = new System.Text.StringBuilder();
        void Flush()
        {
            if (Collapse(inline.ToString()) is { Length: > 0 } text) parts.Add(text);
            inline.Clear();
        }
        foreach (var node in document.Body!.ChildNodes)
        {
            if (node is AngleSharp.Dom.IElement { LocalName: "pre" } pre)
            {
                Flush();
                parts.Add("`" + pre.TextContent.Trim() + "`");
            }
            else if (node is AngleSharp.Dom.IElement { LocalName: "p" or "div" or "ul" or "ol" or "blockquote" or "table" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" } block)
            {
                Flush();
                inline.Append(Inline(block));
                Flush();
            }
            else inline.Append(Inline(node));
        }
        Flush();
        var joined = string.Join("\n", parts);
        return joined.Length <= max ? joined : joined[..max].TrimEnd() + "…";
    }

    // Inline code keeps its backticks, so an answer's identifiers stay recognisable.
    private static string Inline(AngleSharp.Dom.INode node) => node switch
    {
        AngleSharp.Dom.IElement { LocalName: "code" } code => "`" + code.TextContent + "`",
        AngleSharp.Dom.IElement element => string.Concat(element.ChildNodes.Select(Inline)),
        _ => node.TextContent,
    };

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
