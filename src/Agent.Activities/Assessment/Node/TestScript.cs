namespace Agent.Activities.Assessment.Node;

/// <summary>
/// A package.json script split into words the way a POSIX shell would for simple commands (quotes, backslashes),
/// enough to tell a plain runner invocation (<c>mocha --reporter spec test/</c>) from a compound one
/// (<c>npm run build &amp;&amp; jest</c>). No expansion is performed.
/// </summary>
public sealed class TestScript
{
    private static readonly string[] Operators = ["&&", "||", ";", "|", "&", ">", ">>", "<", "2>", "2>&1"];

    private TestScript(string text, IReadOnlyList<string> words, bool hasShellSyntax)
    {
        Text = text;
        Words = words;
        HasShellSyntax = hasShellSyntax;
    }

    /// <summary>The script as written.</summary>
    public string Text { get; }

    /// <summary>Its words, with quotes removed; shell operators are words of their own.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Whether it uses operators, substitutions or variable assignments, so it is more than one plain command.</summary>
    public bool HasShellSyntax { get; }

    /// <summary>Splits <paramref name="text"/>.</summary>
    public static TestScript Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var inWord = false;
        // Substitutions and variables ($VAR, $(cmd), `cmd`) make the words unknowable without a shell.
        var shell = text.Contains('$') || text.Contains('`');
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else if (c == '\\' && q == '"' && i + 1 < text.Length) current.Append(text[++i]);
                else current.Append(c);
                continue;
            }
            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    inWord = true;
                    break;
                case '\\' when i + 1 < text.Length:
                    current.Append(text[++i]);
                    inWord = true;
                    break;
                case ' ' or '\t' or '\n':
                    Flush();
                    break;
                case '&' or '|' or ';' or '>' or '<':
                    Flush();
                    var op = c.ToString();
                    while (i + 1 < text.Length && text[i + 1] is '&' or '|' or '>') op += text[++i];
                    words.Add(op);
                    shell = true;
                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }
        Flush();
        // "NODE_ENV=test jest": an assignment before the command.
        shell |= words.Count > 0 && words[0].Contains('=') && !words[0].StartsWith('-');
        return new TestScript(text, words, shell || words.Any(w => Operators.Contains(w)));

        void Flush()
        {
            if (inWord || current.Length > 0) words.Add(current.ToString());
            current.Clear();
            inWord = false;
        }
    }

    /// <summary>The command words of every simple command in the script (after <c>npx</c>, <c>cross-env</c> and assignments).</summary>
    public IEnumerable<string> Commands()
    {
        var atStart = true;
        foreach (var word in Words)
        {
            if (Operators.Contains(word))
            {
                atStart = true;
                continue;
            }
            if (!atStart) continue;
            if (word is "npx" or "cross-env" or "env" || (word.Contains('=') && !word.StartsWith('-'))) continue;
            yield return Path.GetFileName(word);
            atStart = false;
        }
    }

    /// <summary>
    /// The arguments after <paramref name="binary"/> when the whole script is that one command (optionally through
    /// <c>npx</c>); null when the script is compound or runs something else.
    /// </summary>
    public IReadOnlyList<string>? PlainArgumentsOf(string binary)
    {
        if (HasShellSyntax || Words.Count == 0) return null;
        var start = Words[0] == "npx" ? 1 : 0;
        if (start >= Words.Count || Path.GetFileName(Words[start]) != binary) return null;
        return Words.Skip(start + 1).ToList();
    }
}
