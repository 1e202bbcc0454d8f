using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Agent.Activities.Research.Docs;

/// <summary>
/// Reads a documentation page (AngleSharp): its title, the heading tree, code blocks with their language, API
/// signatures and links of the main content (<c>main</c>, <c>article</c> or <c>[role=main]</c>, else the body without
/// navigation), and renders the content as Markdown (<see cref="DocMarkdown"/>).
/// </summary>
public static partial class DocParser
{
    // Buttons are page chrome too ("Copy item path", "Copy"): their text must not join the title or the code.
    private static readonly string[] Chrome = ["nav", "header", "footer", "aside", "script", "style", "noscript", "template", "svg", "form", "button"];

    // Generators that name the language with a bare class (rustdoc: class="rust") or a prefix of their own (Sphinx:
    // a wrapping div class="highlight-python"; SyntaxHighlighter: class="brush: js").
    private static readonly HashSet<string> BareLanguages = new(StringComparer.OrdinalIgnoreCase)
    {
        "rust", "python", "csharp", "cs", "fsharp", "java", "kotlin", "go", "javascript", "js", "typescript", "ts", "ruby", "php",
        "c", "cpp", "swift", "scala", "haskell", "bash", "sh", "shell", "console", "powershell", "sql", "json", "yaml", "toml", "xml", "html", "css",
    };

    /// <summary>Parses <paramref name="html"/> fetched from <paramref name="url"/>.</summary>
    public static DocPage Parse(string html, Uri url)
    {
        var document = new HtmlParser().ParseDocument(html);
        var main = document.QuerySelector("main") ?? document.QuerySelector("[role=main]") ?? document.QuerySelector("article") ?? document.Body ?? document.DocumentElement;
        foreach (var chrome in main.QuerySelectorAll(string.Join(",", Chrome)).ToList()) chrome.Remove();

        var title = Text(main.QuerySelector("h1")) is { Length: > 0 } h1 ? h1 : Text(document.QuerySelector("title"));
        var headingElements = main.QuerySelectorAll("h1,h2,h3,h4,h5,h6").ToList();
        return new DocPage(url.ToString(), title, HeadingTree(headingElements), CodeBlocks(main), Signatures(main), Links(main, url),
            Sections(main), DocMarkdown.Render(title, url, main));
    }

    /// <summary>The language named by <c>language-x</c>/<c>lang-x</c> on the element or its <c>code</c> child, else null.</summary>
    public static string? LanguageOf(IElement pre)
    {
        var own = new[] { pre, pre.QuerySelector("code") }.OfType<IElement>().ToList();
        foreach (var element in own)
        foreach (var cls in element.ClassList)
        {
            if (cls.StartsWith("language-", StringComparison.OrdinalIgnoreCase)) return cls["language-".Length..].ToLowerInvariant();
            if (cls.StartsWith("lang-", StringComparison.OrdinalIgnoreCase)) return cls["lang-".Length..].ToLowerInvariant();
        }
        foreach (var element in own)
        {
            if (element.ClassList.FirstOrDefault(BareLanguages.Contains) is { } bare) return bare.ToLowerInvariant();
            if (element.GetAttribute("class") is { } classes && classes.IndexOf("brush:", StringComparison.OrdinalIgnoreCase) is var at and >= 0)
                return classes[(at + "brush:".Length)..].Trim().Split(' ', ';')[0].ToLowerInvariant();
        }
        for (var ancestor = pre.ParentElement; ancestor is not null && ancestor.LocalName == "div"; ancestor = ancestor.ParentElement)
        {
            if (ancestor.ClassList.FirstOrDefault(c => c.StartsWith("highlight-", StringComparison.OrdinalIgnoreCase)) is { } sphinx)
                return sphinx["highlight-".Length..].ToLowerInvariant();
        }
        return null;
    }

    internal static string Text(INode? node) =>
        node is null ? "" : string.Join(' ', node.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    internal static int LevelOf(IElement heading) => heading.LocalName[1] - '0';

    private static List<DocHeading> HeadingTree(List<IElement> headings)
    {
        // Build bottom-up: each heading takes the following deeper headings until one of its level or higher.
        var index = 0;
        List<DocHeading> Level(int above)
        {
            var list = new List<DocHeading>();
            while (index < headings.Count && LevelOf(headings[index]) > above)
            {
                var h = headings[index++];
                var level = LevelOf(h);
                list.Add(new DocHeading(level, Text(h), h.Id is { Length: > 0 } id ? id : null, Level(level)));
            }
            return list;
        }
        return Level(0);
    }

    private static List<DocCodeBlock> CodeBlocks(IElement main) =>
        [.. main.QuerySelectorAll("pre").Select(pre => new DocCodeBlock(LanguageOf(pre), pre.TextContent.Trim('\n', '\r'), Text(HeadingBefore(pre)) is { Length: > 0 } h ? h : null))];

    private static List<string> Signatures(IElement main)
    {
        var found = new List<string>();
        found.AddRange(main.QuerySelectorAll("h1 code, h2 code, h3 code, h4 code, h5 code, h6 code").Select(Text));
        found.AddRange(main.QuerySelectorAll("dl dt").Where(dt => dt.QuerySelector("code") is not null || dt.ClassList.Contains("sig")).Select(Text));
        found.AddRange(main.QuerySelectorAll("[class*=signature]").Where(e => e.LocalName != "pre").Select(Text));
        // Declarations set as headings (rustdoc's h4 class="code-header") or as declaration blocks (class "item-decl").
        found.AddRange(main.QuerySelectorAll("h2,h3,h4,h5,h6").Select(Text).Where(LooksLikeSignature));
        found.AddRange(main.QuerySelectorAll("pre[class*=decl]").Select(pre => pre.TextContent.Trim()));
        found.AddRange(main.QuerySelectorAll("pre").Select(pre => pre.TextContent.Trim()).Where(LooksLikeSignature));
        return [.. found.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    // A declaration on one to three lines: a type or keyword and a name before a parameter list, no statement.
    private static bool LooksLikeSignature(string code)
    {
        // Comment lines say nothing about the shape of the code: "// this panics" above a call is still a call.
        var lines = code.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("//", StringComparison.Ordinal) && !l.StartsWith('#')).ToArray();
        if (lines.Length is 0 or > 3) return false;
        var text = ReturnAnnotation().Replace(string.Join(' ', lines), ")");
        var open = text.IndexOf('(');
        if (open <= 0 || !text.TrimEnd(';', ' ', '{', '}', ':').EndsWith(')')) return false;
        var head = text[..open].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return head.Length >= 2 && !head.Contains("=") && !StatementStarts.Contains(head[0]) && (char.IsLetterOrDigit(text[open - 1]) || text[open - 1] == '>');
    }

    // A return type written after the parameters (Rust "-> T", Python and TypeScript ": T"), dropped before the check.
    [System.Text.RegularExpressions.GeneratedRegex(@"\)\s*(->|:)\s*[^()]*(\([^()]*\)[^()]*)?$")]
    private static partial System.Text.RegularExpressions.Regex ReturnAnnotation();

    private static readonly HashSet<string> StatementStarts = ["await", "return", "new", "var", "if", "while", "for", "foreach", "using", "throw", "let", "const", "assert", "assert_eq!", "println!"];

    private static List<DocLink> Links(IElement main, Uri url)
    {
        var links = new List<DocLink>();
        foreach (var a in main.QuerySelectorAll("a[href]"))
        {
            var href = a.GetAttribute("href")!.Trim();
            if (href.StartsWith('#') || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) continue;
            if (!Uri.TryCreate(url, href, out var absolute)) continue;
            if (links.All(l => l.Url != absolute.ToString())) links.Add(new DocLink(Text(a), absolute.ToString()));
        }
        return links;
    }

    private static List<DocSection> Sections(IElement main)
    {
        var sections = new List<DocSection>();
        string? heading = null;
        var text = new List<string>();
        void Flush()
        {
            if (heading is not null || text.Count > 0) sections.Add(new DocSection(heading ?? "", string.Join("\n", text)));
            text.Clear();
        }
        foreach (var element in main.QuerySelectorAll("h1,h2,h3,h4,h5,h6,p,li,pre,dt,dd,td"))
        {
            if (element.LocalName.Length == 2 && element.LocalName[0] == 'h' && char.IsDigit(element.LocalName[1]))
            {
                Flush();
                heading = Text(element);
            }
            else if (element.ParentElement?.Closest("p,li,dd,td") is null) text.Add(element.LocalName == "pre" ? element.TextContent.Trim() : Text(element));
        }
        Flush();
        return sections;
    }

    private static IElement? HeadingBefore(IElement element)
    {
        for (var e = element; e is not null; e = e.ParentElement)
        {
            for (var s = e.PreviousElementSibling; s is not null; s = s.PreviousElementSibling)
            {
                if (s.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6") return s;
                if (s.QuerySelectorAll("h1,h2,h3,h4,h5,h6").LastOrDefault() is { } inner) return inner;
            }
        }
        return null;
    }
}
