using System.Text;
using AngleSharp.Dom;

namespace Agent.Activities.Research.Docs;

/// <summary>
/// Renders a page's content as Markdown: headings, paragraphs with inline code and links, fenced code blocks with
/// their language, lists, definition lists and tables (one row a line).
/// </summary>
public static class DocMarkdown
{
    /// <summary>The Markdown of <paramref name="content"/>, headed by <paramref name="title"/> and the source address.</summary>
    public static string Render(string title, Uri url, IElement content)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(title).Append("\n\nSource: <").Append(url).Append(">\n\n");
        var skippedTitle = false;
        foreach (var child in content.Children) Block(child, md, ref skippedTitle);
        return md.ToString().TrimEnd() + "\n";
    }

    private static void Block(IElement element, StringBuilder md, ref bool skippedTitle)
    {
        switch (element.LocalName)
        {
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                // The first h1 is the title already written.
                if (element.LocalName == "h1" && !skippedTitle) { skippedTitle = true; return; }
                md.Append('#', DocParser.LevelOf(element)).Append(' ').Append(Inline(element)).Append("\n\n");
                return;
            case "p":
                md.Append(Inline(element)).Append("\n\n");
                return;
            case "pre":
                md.Append("```").Append(DocParser.LanguageOf(element)).Append('\n').Append(element.TextContent.Trim('\n', '\r')).Append("\n```\n\n");
                return;
            case "ul" or "ol":
                var n = 0;
                foreach (var li in element.Children.Where(c => c.LocalName == "li"))
                    md.Append(element.LocalName == "ol" ? $"{++n}. " : "- ").Append(Inline(li)).Append('\n');
                md.Append('\n');
                return;
            case "dl":
                foreach (var item in element.Children)
                    md.Append(item.LocalName == "dt" ? $"**{Inline(item)}**\n" : $": {Inline(item)}\n");
                md.Append('\n');
                return;
            case "table":
                foreach (var row in element.QuerySelectorAll("tr"))
                    md.Append("| ").Append(string.Join(" | ", row.Children.Select(Inline))).Append(" |\n");
                md.Append('\n');
                return;
            case "blockquote":
                md.Append("> ").Append(Inline(element)).Append("\n\n");
                return;
            default:
                if (element.Children.Length == 0)
                {
                    if (DocParser.Text(element) is { Length: > 0 } text) md.Append(text).Append("\n\n");
                    return;
                }
                foreach (var child in element.Children) Block(child, md, ref skippedTitle);
                return;
        }
    }

    private static string Inline(IElement element)
    {
        var text = new StringBuilder();
        foreach (var node in element.ChildNodes)
        {
            if (node is IElement e)
            {
                switch (e.LocalName)
                {
                    case "code": text.Append('`').Append(DocParser.Text(e)).Append('`'); break;
                    case "a" when e.GetAttribute("href") is { Length: > 0 } href && !href.StartsWith('#'): text.Append('[').Append(DocParser.Text(e)).Append("](").Append(href).Append(')'); break;
                    case "strong" or "b": text.Append("**").Append(DocParser.Text(e)).Append("**"); break;
                    case "em" or "i": text.Append('*').Append(DocParser.Text(e)).Append('*'); break;
                    case "ul" or "ol" or "pre": text.Append(' ').Append(DocParser.Text(e)); break;
                    default: text.Append(Inline(e)); break;
                }
            }
            else text.Append(node.TextContent);
        }
        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
