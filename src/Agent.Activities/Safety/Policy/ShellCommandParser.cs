using System.Text;

namespace Agent.Activities.Safety.Policy;

/// <summary>One word of a shell command: its text after quote removal, and whether it holds an expansion whose value is unknown (<c>$VAR</c>, <c>$(…)</c>, a backquote).</summary>
/// <param name="Text">The word.</param>
/// <param name="Unknown">Its value is only known when the shell runs it.</param>
public sealed record ShellWord(string Text, bool Unknown);

/// <summary>One simple command of a command line, with the folder it runs in (null when a preceding <c>cd</c> went somewhere unknown) and the files its output is redirected to.</summary>
/// <param name="Words">The command's words, wrappers (<c>sudo</c>, <c>env</c>, <c>timeout</c>…) and assignments removed.</param>
/// <param name="Directory">Where relative paths resolve; null = unknown.</param>
/// <param name="Redirects">Files written by <c>&gt;</c>, <c>&gt;&gt;</c>, <c>&amp;&gt;</c>.</param>
/// <param name="Inputs">Files read by <c>&lt;</c> (<c>cat &lt; ~/.ssh/id_rsa</c> reads the key as surely as <c>cat ~/.ssh/id_rsa</c>); here-documents and here-strings are not files.</param>
public sealed record ShellCommand(IReadOnlyList<ShellWord> Words, string? Directory, IReadOnlyList<ShellWord> Redirects, IReadOnlyList<ShellWord>? Inputs = null)
{
    /// <summary>The command as one line, for messages.</summary>
    public string Text => string.Join(' ', Words.Select(w => w.Text));
}

/// <summary>
/// Splits a command line into its simple commands the way a shell would run them: <c>&amp;&amp;</c>, <c>||</c>, <c>;</c>,
/// <c>|</c>, <c>&amp;</c> and newlines separate; <c>$(…)</c> and backquotes are commands too; <c>bash -c "…"</c>,
/// <c>sh -ec</c>, <c>eval</c> and a here-string or here-document fed to a shell are parsed again (three levels deep),
/// while commands piped into a shell are unknown; <c>cd</c> moves the folder later commands resolve
/// paths against. Not a full shell: what it cannot know (a variable, a <c>cd $X</c>) it marks unknown, and the policy
/// treats unknown as the worst case.
/// </summary>
public static class ShellCommandParser
{
    private const int MaxDepth = 3;
    private static readonly HashSet<string> Shells = ["bash", "sh", "zsh", "dash", "ksh"];
    private static readonly HashSet<string> Wrappers = ["sudo", "doas", "nohup", "time", "nice", "command", "exec", "builtin", "xargs", "stdbuf", "env", "timeout", "watch", "ionice", "setsid"];

    /// <summary>
    /// The wrappers' options that take the next word as their value (<c>nice -n 5 git push</c>: <c>5</c> is not the
    /// program), so the wrapped command is found after them.
    /// </summary>
    private static readonly Dictionary<string, HashSet<string>> WrapperOptionsWithValue = new(StringComparer.Ordinal)
    {
        ["sudo"] = ["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-R", "--user", "--group", "--chdir", "--host", "--prompt", "--role", "--type", "--other-user", "--chroot", "--close-from"],
        ["doas"] = ["-u", "-C"],
        ["nice"] = ["-n", "--adjustment"],
        ["env"] = ["-u", "-C", "--unset", "--chdir"],
        ["timeout"] = ["-s", "-k", "--signal", "--kill-after"],
        ["xargs"] = ["-I", "-L", "-n", "-P", "-s", "-d", "-E", "-a", "--max-lines", "--max-args", "--max-procs", "--max-chars", "--delimiter", "--eof", "--arg-file", "--replace"],
        ["stdbuf"] = ["-i", "-o", "-e", "--input", "--output", "--error"],
        ["watch"] = ["-n", "--interval"],
        ["ionice"] = ["-c", "-n", "-p", "-P", "-u", "--class", "--classdata", "--pid", "--pgid", "--uid"],
    };

    /// <summary>The simple commands of <paramref name="commandLine"/>, run from <paramref name="directory"/>; <paramref name="home"/> is what <c>~</c> and <c>$HOME</c> mean.</summary>
    public static IReadOnlyList<ShellCommand> Parse(string commandLine, string? directory, string? home)
    {
        var commands = new List<ShellCommand>();
        var state = new State(directory, home);
        ParseInto(commandLine, state, commands, 0);
        return commands;
    }

    private sealed class State(string? directory, string? home)
    {
        public string? Directory { get; set; } = directory;
        public string? Home { get; } = home;
    }

    private static void ParseInto(string line, State state, List<ShellCommand> commands, int depth)
    {
        var words = new List<ShellWord>();
        var redirects = new List<ShellWord>();
        var inputs = new List<ShellWord>();
        var stdin = new List<ShellWord>();
        var nested = new List<string>();
        var heredocs = new List<string>();
        var i = 0;
        while (true)
        {
            var token = NextToken(line, ref i, nested, state.Home);
            // A here-document's body is data for the command, not commands: skip it after the line that opened it.
            // (Its text is kept: fed to a shell, 'bash -s <<EOF' runs it.)
            if (token?.Operator == "\n" && heredocs.Count > 0) { stdin.AddRange(SkipHeredocs(line, ref i, heredocs)); heredocs.Clear(); }
            if (token is null || token.Value.Operator is not null)
            {
                foreach (var inner in nested) if (depth < MaxDepth) ParseInto(inner, state, commands, depth + 1);
                nested.Clear();
                Emit(words, redirects, inputs, stdin, state, commands, depth);
                words = [];
                redirects = [];
                inputs = [];
                stdin = [];
                if (token is null) return;
                continue;
            }
            var (word, redirect) = (token.Value.Word!, token.Value.Redirect);
            if (redirect is not null)
            {
                var targetToken = NextToken(line, ref i, nested, state.Home);
                if (targetToken?.Word is { } target && !redirect.Contains('<')) redirects.Add(target);
                // '<' and '0<' read a file; '<<', '<<-' and '<<<' are text in the command line. ('<>' opens for reading and writing.)
                if (targetToken?.Word is { } source && redirect.TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9') is "<" or "<>")
                {
                    inputs.Add(source);
                    if (redirect.EndsWith("<>", StringComparison.Ordinal)) redirects.Add(source);
                }
                if (targetToken?.Word is { } delimiter && redirect is "<<" or "<<-") heredocs.Add(delimiter.Text);
                if (targetToken?.Word is { } hereString && redirect == "<<<") stdin.Add(hereString);
                continue;
            }
            words.Add(word);
        }
    }

    private static List<ShellWord> SkipHeredocs(string line, ref int i, List<string> delimiters)
    {
        var bodies = new List<ShellWord>();
        foreach (var delimiter in delimiters)
        {
            var body = new StringBuilder();
            while (i < line.Length)
            {
                var end = line.IndexOf('\n', i);
                var raw = end < 0 ? line[i..] : line[i..end];
                i = end < 0 ? line.Length : end + 1;
                if (raw.Trim() == delimiter) break;
                body.Append(raw).Append('\n');
            }
            bodies.Add(new ShellWord(body.ToString(), false));
        }
        return bodies;
    }

    private static void Emit(List<ShellWord> words, List<ShellWord> redirects, List<ShellWord> inputs, List<ShellWord> stdin, State state, List<ShellCommand> commands, int depth)
    {
        var start = 0;
        while (start < words.Count)
        {
            var name = Path.GetFileName(words[start].Text);
            if (IsAssignment(words[start].Text)) { start++; continue; }
            if (!Wrappers.Contains(name)) break;
            start++;
            // A wrapper's own options (with their values) and timeout's duration come before the wrapped command.
            var withValue = WrapperOptionsWithValue.GetValueOrDefault(name);
            while (start < words.Count && (words[start].Text.StartsWith('-') || IsAssignment(words[start].Text)))
                start += withValue is not null && withValue.Contains(words[start].Text) ? 2 : 1;
            if (name is "timeout" && start < words.Count) start++;
        }
        if (start >= words.Count)
        {
            if (redirects.Count > 0 || inputs.Count > 0) commands.Add(new ShellCommand([new ShellWord(":", false)], state.Directory, redirects, inputs));
            return;
        }
        var rest = words.Skip(start).ToList();
        var program = Path.GetFileName(rest[0].Text);
        if (Shells.Contains(program) && rest.FindIndex(IsCommandStringOption) is var c and > 0 && c + 1 < rest.Count)
        {
            if (depth < MaxDepth) ParseInto(rest[c + 1].Text, state, commands, depth + 1);
            else commands.Add(new ShellCommand(rest, state.Directory, redirects, inputs));
            return;
        }
        if (Shells.Contains(program) && ReadsCommandsFromInput(rest) && inputs.Count == 0)
        {
            // 'echo "git push" | bash', 'bash <<< "git push"', 'bash -s <<EOF': the commands come on the shell's input.
            // A here-string or here-document is parsed like 'bash -c'; a pipe's text is unknown here, so the shell's
            // program counts as hidden (the hidden-program rule denies it). A script file ('bash x.sh', 'sh < x.sh') is
            // the file's commands, as before.
            if (stdin.Count == 0) commands.Add(new ShellCommand([new ShellWord(rest[0].Text, true), .. rest.Skip(1)], state.Directory, redirects, inputs));
            foreach (var text in stdin)
            {
                if (text.Unknown) commands.Add(new ShellCommand([new ShellWord(rest[0].Text, true), .. rest.Skip(1)], state.Directory, redirects, inputs));
                else if (depth < MaxDepth) ParseInto(text.Text, state, commands, depth + 1);
                else commands.Add(new ShellCommand(rest, state.Directory, redirects, inputs));
            }
            return;
        }
        if (program == "eval" && rest.Count > 1)
        {
            if (depth < MaxDepth) ParseInto(string.Join(' ', rest.Skip(1).Select(w => w.Text)), state, commands, depth + 1);
            return;
        }
        if (program is "cd" or "pushd") state.Directory = ChangeDirectory(rest, state);
        commands.Add(new ShellCommand(rest, state.Directory, redirects, inputs));
    }

    /// <summary><c>-c</c>, also inside a cluster of short options (<c>bash -lc</c>, <c>sh -ec</c>, <c>bash -xec</c>): the next word is the command string.</summary>
    private static bool IsCommandStringOption(ShellWord word) =>
        word.Text.Length >= 2 && word.Text[0] == '-' && word.Text[1] != '-' && word.Text.Contains('c', StringComparison.Ordinal) && word.Text.Skip(1).All(char.IsAsciiLetter);

    /// <summary>Whether a shell started with these words (no <c>-c</c>) reads its commands from its input: <c>-s</c>, or no script operand.</summary>
    private static bool ReadsCommandsFromInput(List<ShellWord> words)
    {
        for (var i = 1; i < words.Count; i++)
        {
            var text = words[i].Text;
            if (text is "-o" or "+o" or "-O" or "+O" or "--rcfile" or "--init-file") { i++; continue; }
            if (text == "--") return i + 1 >= words.Count;
            if (text.Length > 1 && text[0] is '-' or '+')
            {
                if (text[1] != '-' && text.Contains('s', StringComparison.Ordinal)) return true;
                continue;
            }
            return false;
        }
        return true;
    }

    private static string? ChangeDirectory(List<ShellWord> words, State state)
    {
        var args = words.Skip(1).Where(w => w.Text is not ("-L" or "-P" or "--")).ToList();
        if (args.Count == 0) return state.Home;
        if (args[0].Unknown || args[0].Text == "-") return null;
        return ResolvePath(args[0].Text, state.Directory, state.Home);
    }

    /// <summary>Makes <paramref name="path"/> absolute against <paramref name="directory"/> (null when that is unknown), expanding a leading <c>~</c>.</summary>
    public static string? ResolvePath(string path, string? directory, string? home)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            return home is null ? null : Path.GetFullPath(Path.Join(home, path.Length > 2 ? path[2..] : ""));
        if (Path.IsPathRooted(path)) return Path.GetFullPath(path);
        return directory is null ? null : Path.GetFullPath(path, directory);
    }

    private static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=');
        return eq > 0 && word[..eq].All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_') && !char.IsAsciiDigit(word[0]);
    }

    private readonly record struct Token(ShellWord? Word, string? Operator, string? Redirect);

    private static Token? NextToken(string line, ref int i, List<string> nested, string? home)
    {
        while (i < line.Length)
        {
            if (line[i] is ' ' or '\t') { i++; continue; }
            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] == '\n') { i += 2; continue; }
            break;
        }
        if (i >= line.Length) return null;
        var ch = line[i];
        if (ch == '#') { while (i < line.Length && line[i] != '\n') i++; return NextToken(line, ref i, nested, home); }
        foreach (var op in (string[])["&&", "||", ";;", "|&", ";", "|", "&", "\n", "(", ")", "{", "}"])
        {
            if (string.CompareOrdinal(line, i, op, 0, op.Length) != 0) continue;
            // '{' and '}' are only grouping when they stand alone; '&' may start the redirection '&>'.
            if (op is "{" or "}" && i + 1 < line.Length && line[i + 1] is not (' ' or '\t' or '\n' or ';')) break;
            if (op == "&" && i + 1 < line.Length && line[i + 1] == '>') break;
            i += op.Length;
            return new Token(null, op, null);
        }
        if (ReadRedirect(line, ref i, out var redirect))
            return redirect is null ? NextToken(line, ref i, nested, home) : new Token(new ShellWord(redirect, false), null, redirect);
        return new Token(ReadWord(line, ref i, nested, home), null, null);
    }

    /// <summary>Reads a redirection operator; <paramref name="redirect"/> is null for a descriptor duplication (<c>2&gt;&amp;1</c>), which names no file.</summary>
    private static bool ReadRedirect(string line, ref int i, out string? redirect)
    {
        redirect = null;
        var start = i;
        var j = i;
        if (j < line.Length && line[j] == '&') j++;
        else while (j < line.Length && char.IsAsciiDigit(line[j])) j++;
        if (j >= line.Length || line[j] is not ('>' or '<')) return false;
        var direction = line[j];
        j++;
        if (j < line.Length && (line[j] == direction || line[j] == '|')) j++;
        // '<<<' is a here-string and '<<-' a here-document with tabs stripped.
        if (direction == '<' && j < line.Length && j - start >= 2 && line[j] is '<' or '-') j++;
        if (j < line.Length && line[j] == '&')
        {
            // '2>&1' duplicates a descriptor: no file is written.
            j++;
            while (j < line.Length && (char.IsAsciiDigit(line[j]) || line[j] == '-')) j++;
            i = j;
            return true;
        }
        i = j;
        redirect = line[start..j];
        return true;
    }

    private static ShellWord ReadWord(string line, ref int i, List<string> nested, string? home)
    {
        var text = new StringBuilder();
        var unknown = false;
        var start = i;
        while (i < line.Length)
        {
            var ch = line[i];
            if (ch is ' ' or '\t' or '\n' or ';' or '|' or '&' or '<' or '>' or ')' || (ch == '(' && i == start)) break;
            if (ch == '\\' && i + 1 < line.Length) { text.Append(line[i + 1]); i += 2; continue; }
            if (ch == '\'')
            {
                var close = line.IndexOf('\'', i + 1);
                if (close < 0) close = line.Length;
                text.Append(line, i + 1, Math.Max(0, close - i - 1));
                i = Math.Min(line.Length, close + 1);
                continue;
            }
            if (ch == '"')
            {
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length) { text.Append(line[i + 1]); i += 2; continue; }
                    if (line[i] is '$' or '`') { unknown |= ReadExpansion(line, ref i, text, nested, home); continue; }
                    text.Append(line[i++]);
                }
                i++;
                continue;
            }
            if (ch is '$' or '`') { unknown |= ReadExpansion(line, ref i, text, nested, home); continue; }
            text.Append(ch);
            i++;
        }
        return new ShellWord(text.ToString(), unknown);
    }

    /// <summary>Reads <c>$VAR</c>, <c>${VAR}</c>, <c>$(…)</c> or a backquote; substitutions become nested commands. Returns whether the value is unknown.</summary>
    private static bool ReadExpansion(string line, ref int i, StringBuilder text, List<string> nested, string? home)
    {
        if (line[i] == '`')
        {
            var close = line.IndexOf('`', i + 1);
            if (close < 0) close = line.Length;
            nested.Add(line[(i + 1)..close]);
            i = Math.Min(line.Length, close + 1);
            text.Append("$(…)");
            return true;
        }
        if (i + 1 < line.Length && line[i + 1] == '(')
        {
            var depth = 0;
            var j = i + 1;
            for (; j < line.Length; j++)
            {
                if (line[j] == '(') depth++;
                else if (line[j] == ')' && --depth == 0) break;
            }
            var inner = line[(i + 2)..Math.Min(j, line.Length)];
            if (!inner.StartsWith('(')) nested.Add(inner);
            i = Math.Min(line.Length, j + 1);
            text.Append("$(…)");
            return true;
        }
        var k = i + 1;
        var braced = k < line.Length && line[k] == '{';
        if (braced) k++;
        var nameStart = k;
        while (k < line.Length && (char.IsAsciiLetterOrDigit(line[k]) || line[k] == '_')) k++;
        var name = line[nameStart..k];
        if (braced) { while (k < line.Length && line[k] != '}') k++; k++; }
        if (name.Length == 0 && !braced) { text.Append('$'); i++; return false; }
        i = Math.Min(line.Length, k);
        // $HOME is the one variable whose value the policy knows; it is what '~' means.
        if (name == "HOME" && home is not null) { text.Append(home); return false; }
        text.Append('$').Append(name);
        return true;
    }
}
