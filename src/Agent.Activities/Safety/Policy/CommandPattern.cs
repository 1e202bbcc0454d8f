using System.Text.RegularExpressions;

namespace Agent.Activities.Safety.Policy;

/// <summary>
/// A command pattern in Claude Code's permission-rule syntax: <c>Bash(git push:*)</c> matches every command starting with
/// <c>git push</c>, <c>Bash(npm test)</c> only that command. Words compare as words (a <c>*</c> inside one is a wildcard),
/// and options compare as a set wherever they stand, so <c>Bash(rm -rf:*)</c> also matches <c>rm -r -f x</c> and
/// <c>rm --recursive --force x</c>, and <c>Bash(git reset --hard:*)</c> matches <c>git reset HEAD~1 --hard</c>.
/// </summary>
public sealed class CommandPattern
{
    private readonly Func<string, bool>[] _words;
    private readonly string[] _options;

    private CommandPattern(string text, Func<string, bool>[] words, string[] options, bool prefix, bool literal)
    {
        Text = text;
        _words = words;
        _options = options;
        IsPrefix = prefix;
        IsLiteral = literal;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Whether it ends in <c>:*</c> (any arguments may follow).</summary>
    public bool IsPrefix { get; }

    /// <summary>Whether it names one command exactly (no <c>:*</c>, no wildcard): more specific than a pattern.</summary>
    public bool IsLiteral { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static CommandPattern Parse(string text)
    {
        var body = text.Trim();
        if (body.StartsWith("Bash(", StringComparison.Ordinal))
        {
            if (!body.EndsWith(')')) throw new FormatException($"'{text}' opens 'Bash(' without closing it; write e.g. Bash(git push:*).");
            body = body[5..^1].Trim();
        }
        else if (Regex.IsMatch(body, @"^[A-Z][A-Za-z]*\(")) throw new FormatException($"'{text}' is a rule for another tool; 'command' takes Bash(...) patterns. Match files with 'paths' and an action such as file.edit or file.read.");
        var prefix = body.EndsWith(":*", StringComparison.Ordinal);
        if (prefix) body = body[..^2].TrimEnd();
        if (body.Length == 0) throw new FormatException($"'{text}' names no command; write e.g. Bash(git push:*).");
        var words = new List<Func<string, bool>>();
        var options = new List<string>();
        var literal = !prefix;
        foreach (var token in body.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.Length > 1 && token[0] == '-')
            {
                options.AddRange(token.StartsWith("--", StringComparison.Ordinal) ? [token] : token.Skip(1).Select(c => "-" + c));
                continue;
            }
            if (token.Contains('*'))
            {
                literal = false;
                var regex = new Regex("^" + Regex.Escape(token).Replace(@"\*", ".*") + "$", RegexOptions.CultureInvariant | RegexOptions.Compiled);
                words.Add(regex.IsMatch);
            }
            else words.Add(word => string.Equals(word, token, StringComparison.Ordinal));
        }
        if (words.Count == 0) throw new FormatException($"'{text}' has only options; start it with the program, e.g. Bash(rm -rf:*).");
        return new CommandPattern(text.Trim(), [.. words], [.. options], prefix, literal);
    }

    /// <summary>Whether <paramref name="command"/> matches, with <c>rm</c>'s option aliases applied to the pattern as to the command.</summary>
    public bool IsMatch(CommandFacts command)
    {
        if (command.Words.Count < _words.Length || (!IsPrefix && command.Words.Count != _words.Length)) return false;
        for (var i = 0; i < _words.Length; i++)
            if (!_words[i](command.Words[i])) return false;
        foreach (var option in _options)
            if (!command.Options.Contains(CommandFacts.CanonicalOption(command.Program, option))) return false;
        return IsPrefix || command.Options.Count == _options.Length;
    }
}
