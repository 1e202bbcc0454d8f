using System.Text;
using System.Text.RegularExpressions;

namespace Agent.Activities.Safety.Policy;

/// <summary>Where a path glob is anchored: what the part after its prefix is matched against.</summary>
public enum GlobAnchor
{
    /// <summary>An absolute glob (<c>/etc/**</c>): matched against the whole path.</summary>
    Absolute,
    /// <summary><c>~/…</c>: matched against the path relative to the home directory.</summary>
    Home,
    /// <summary><c>${worktree}/…</c>: relative to the task's worktree.</summary>
    Worktree,
    /// <summary><c>${target}/…</c>: relative to the target repository.</summary>
    Target,
    /// <summary>A relative glob (<c>src/**</c>, <c>**/.env</c>): relative to the worktree, else the target; one starting with <c>**/</c> also matches anywhere.</summary>
    Relative,
}

/// <summary>
/// A path glob compiled once (when the policy loads) into a regular expression: <c>**</c> crosses folders, <c>*</c> and
/// <c>?</c> do not, <c>{a,b}</c> are alternatives and <c>[abc]</c> a character class.
/// </summary>
public sealed class PolicyGlob
{
    private readonly Regex _regex;

    private PolicyGlob(string text, GlobAnchor anchor, Regex regex, bool literal)
    {
        Text = text;
        Anchor = anchor;
        _regex = regex;
        IsLiteral = literal;
    }

    /// <summary>The glob as written.</summary>
    public string Text { get; }

    /// <summary>What it is anchored to.</summary>
    public GlobAnchor Anchor { get; }

    /// <summary>Whether it names one path exactly (no wildcard): a literal beats a glob in specificity.</summary>
    public bool IsLiteral { get; }

    /// <summary>Whether the glob starts with <c>**/</c> (so a relative glob also matches outside the worktree and the target).</summary>
    public bool MatchesAnywhere => Anchor == GlobAnchor.Relative && Text.StartsWith("**/", StringComparison.Ordinal);

    /// <summary>Compiles <paramref name="text"/>; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static PolicyGlob Compile(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0) throw new FormatException("an empty path glob; write e.g. 'src/**' or '~/.ssh/**'.");
        var (anchor, rest) = trimmed switch
        {
            "~" => (GlobAnchor.Home, ""),
            _ when trimmed.StartsWith("~/", StringComparison.Ordinal) => (GlobAnchor.Home, trimmed[2..]),
            _ when trimmed.StartsWith("${worktree}", StringComparison.Ordinal) => (GlobAnchor.Worktree, trimmed["${worktree}".Length..].TrimStart('/')),
            _ when trimmed.StartsWith("${target}", StringComparison.Ordinal) => (GlobAnchor.Target, trimmed["${target}".Length..].TrimStart('/')),
            _ when trimmed.StartsWith('/') => (GlobAnchor.Absolute, trimmed),
            _ => (GlobAnchor.Relative, trimmed.StartsWith("./", StringComparison.Ordinal) ? trimmed[2..] : trimmed),
        };
        if (rest.Contains("${", StringComparison.Ordinal))
            throw new FormatException($"'{text}' uses a variable in the middle; only a leading ${{worktree}}, ${{target}} or ${{protected}} (alone) is expanded.");
        var literal = rest.IndexOfAny(['*', '?', '[', '{']) < 0;
        return new PolicyGlob(trimmed, anchor, new Regex("^" + ToRegex(rest.TrimEnd('/'), text) + "$", RegexOptions.CultureInvariant | RegexOptions.Compiled), literal);
    }

    /// <summary>Whether the (already anchored, '/'-separated) <paramref name="relativeOrAbsolute"/> path matches.</summary>
    public bool IsMatch(string relativeOrAbsolute) => _regex.IsMatch(relativeOrAbsolute);

    private static string ToRegex(string glob, string original)
    {
        var regex = new StringBuilder();
        var braces = 0;
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    var slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                    var slashBefore = i == 0 || glob[i - 1] == '/';
                    if (slashAfter && slashBefore) { regex.Append("(?:.*/)?"); i += 2; }
                    else if (i + 2 == glob.Length && slashBefore && i > 0) { regex.Length -= 1; regex.Append("(?:/.*)?"); i += 1; }
                    else { regex.Append(".*"); i += 1; }
                    break;
                case '*': regex.Append("[^/]*"); break;
                case '?': regex.Append("[^/]"); break;
                case '[':
                    var close = glob.IndexOf(']', i + 1);
                    if (close < 0) throw new FormatException($"'{original}' opens '[' without closing it; write a class like [abc] or escape nothing.");
                    var cls = glob[(i + 1)..close];
                    if (cls.Length == 0) throw new FormatException($"'{original}' has an empty character class '[]'.");
                    regex.Append('[').Append(cls.StartsWith('!') ? "^" + Regex.Escape(cls[1..]) : Regex.Escape(cls)).Append(']');
                    i = close;
                    break;
                case '{': braces++; regex.Append("(?:"); break;
                case '}':
                    if (braces == 0) throw new FormatException($"'{original}' closes '}}' without opening '{{'.");
                    braces--; regex.Append(')');
                    break;
                case ',' when braces > 0: regex.Append('|'); break;
                default: regex.Append(Regex.Escape(c.ToString())); break;
            }
        }
        if (braces != 0) throw new FormatException($"'{original}' opens '{{' without closing it; write alternatives like {{a,b}}.");
        return regex.ToString();
    }
}
