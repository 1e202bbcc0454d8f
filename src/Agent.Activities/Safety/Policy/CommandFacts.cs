namespace Agent.Activities.Safety.Policy;

/// <summary>
/// What one simple shell command does, as far as a policy cares: its program and words, its options (short flags split,
/// aliases such as <c>rm --recursive</c> folded to <c>-r</c>), its operands resolved to absolute paths (null = unknown),
/// the files it writes and the host it reaches.
/// </summary>
public sealed class CommandFacts
{
    private static readonly HashSet<string> NetworkPrograms = ["curl", "wget", "nc", "ncat", "netcat", "ssh", "scp", "sftp", "telnet", "socat", "rsync", "ftp"];
    private static readonly HashSet<string> WritesAllOperands = ["rm", "rmdir", "mv", "touch", "mkdir", "tee", "truncate", "shred", "unlink"];
    private static readonly HashSet<string> WritesLastOperand = ["cp", "ln", "install"];
    private static readonly HashSet<string> WritesAfterFirstOperand = ["chmod", "chown", "chgrp"];
    private static readonly HashSet<string> HarmlessSinks = ["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"];
    private static readonly Dictionary<string, string> RmAliases = new() { ["-R"] = "-r", ["--recursive"] = "-r", ["--force"] = "-f" };

    private CommandFacts(ShellCommand command, IReadOnlyList<string> words, IReadOnlySet<string> options, IReadOnlyList<ShellWord> operands, string? home)
    {
        Command = command;
        Words = words;
        Options = options;
        Program = words.Count > 0 ? words[0] : "";
        ProgramUnknown = command.Words.Count > 0 && command.Words[0].Unknown;
        // curl reads '@file' arguments (-d @~/.ssh/id_rsa): the file is what it reads.
        OperandPaths = [.. operands.Select(o => Resolve(Program == "curl" && o.Text.StartsWith('@') ? o with { Text = o.Text[1..] } : o, command.Directory, home))];
        IsNetwork = NetworkPrograms.Contains(Program);
        Host = IsNetwork ? HostOf(Program, operands) : null;
        WrittenPaths = [.. Written(operands).Select(o => Resolve(o, command.Directory, home)), .. command.Redirects.Where(r => !HarmlessSinks.Contains(r.Text)).Select(r => Resolve(r, command.Directory, home))];
        ReadPaths = [.. OperandPaths.Where(p => p is not null).Except(WrittenPaths), .. (command.Inputs ?? []).Select(i => Resolve(i, command.Directory, home)).Where(p => p is not null)];
    }

    /// <summary>The parsed command.</summary>
    public ShellCommand Command { get; }

    /// <summary>Whether the program's name is only known when the shell runs it (<c>$(echo git) push</c>, <c>$CMD</c>).</summary>
    public bool ProgramUnknown { get; }

    /// <summary>The program's name (without its folder), e.g. <c>git</c>.</summary>
    public string Program { get; }

    /// <summary>The non-option words in order, starting with the program (git's global options removed): <c>git push origin</c>.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Every option, short flags split (<c>-rf</c> → <c>-r</c>, <c>-f</c>).</summary>
    public IReadOnlySet<string> Options { get; }

    /// <summary>The operands (words after the program, and after git's subcommand) as absolute paths; null where the value is unknown.</summary>
    public IReadOnlyList<string?> OperandPaths { get; }

    /// <summary>The files the command writes (operands of rm, mv, cp…, and output redirections); null where unknown.</summary>
    public IReadOnlyList<string?> WrittenPaths { get; }

    /// <summary>The files the command may read: its operands that it does not write, and its input redirections (<c>&lt; file</c>).</summary>
    public IReadOnlyList<string?> ReadPaths { get; }

    /// <summary>Whether the program reaches the network (curl, wget, nc, ssh, scp…).</summary>
    public bool IsNetwork { get; }

    /// <summary>The host a network program names, when it can be read from its arguments.</summary>
    public string? Host { get; }

    /// <summary>Analyses <paramref name="command"/>.</summary>
    public static CommandFacts From(ShellCommand command, string? home)
    {
        var program = Path.GetFileName(command.Words[0].Text);
        var words = new List<string> { program };
        var options = new HashSet<string>(StringComparer.Ordinal);
        var operands = new List<ShellWord>();
        var rest = command.Words.Skip(1).ToList();
        if (program == "git") rest = SkipGitGlobalOptions(rest);
        var endOfOptions = false;
        foreach (var word in rest)
        {
            var text = word.Text;
            if (!endOfOptions && text == "--") { endOfOptions = true; continue; }
            if (!endOfOptions && text.Length > 1 && text[0] == '-')
            {
                foreach (var option in SplitOption(text)) options.Add(CanonicalOption(program, option));
                continue;
            }
            words.Add(text);
            // git's subcommand is a word of the command, not an operand.
            if (!(program == "git" && words.Count == 2)) operands.Add(word);
        }
        return new CommandFacts(command, words, options, operands, home);
    }

    /// <summary>
    /// The spelling an option of <paramref name="program"/> is compared in, for commands and patterns alike:
    /// <c>rm -R</c>/<c>--recursive</c> are <c>-r</c>, <c>rm --force</c> is <c>-f</c>.
    /// </summary>
    internal static string CanonicalOption(string program, string option) =>
        program == "rm" && RmAliases.TryGetValue(option, out var alias) ? alias : option;

    private static IEnumerable<string> SplitOption(string text)
    {
        if (text.StartsWith("--", StringComparison.Ordinal)) { yield return text.Split('=', 2)[0]; yield break; }
        // '-rf' is '-r -f'; '-n5' style values are rare enough for the programs the policy names.
        foreach (var flag in text.Skip(1)) yield return "-" + flag;
    }

    private static List<ShellWord> SkipGitGlobalOptions(List<ShellWord> words)
    {
        var i = 0;
        while (i < words.Count && words[i].Text.StartsWith('-'))
            i += words[i].Text is "-C" or "-c" or "--git-dir" or "--work-tree" or "--namespace" ? 2 : 1;
        return words.Skip(i).ToList();
    }

    private IEnumerable<ShellWord> Written(IReadOnlyList<ShellWord> operands)
    {
        if (WritesAllOperands.Contains(Program)) return operands;
        if (WritesLastOperand.Contains(Program) && operands.Count >= 2) return [operands[^1]];
        if (WritesAfterFirstOperand.Contains(Program)) return operands.Skip(1);
        if (Program == "dd") return operands.Where(o => o.Text.StartsWith("of=", StringComparison.Ordinal)).Select(o => o with { Text = o.Text[3..] });
        if (Program == "sed" && (Options.Contains("-i") || Options.Contains("--in-place"))) return operands.Skip(1);
        if (Program == "find" && FindDeletes(Command.Words)) return FindStartPoints(Command.Words);
        return [];
    }

    private static readonly HashSet<string> Deleters = ["rm", "rmdir", "shred", "unlink"];

    // 'find … -delete' and 'find … -exec rm {} ;' delete what they find: everything under their start points.
    private static bool FindDeletes(IReadOnlyList<ShellWord> words) =>
        words.Select((w, i) => (w.Text, Next: i + 1 < words.Count ? Path.GetFileName(words[i + 1].Text) : ""))
            .Any(p => p.Text == "-delete" || (p.Text is "-exec" or "-execdir" or "-ok" or "-okdir" && Deleters.Contains(p.Next)));

    // The start points are the words before the expression (its first test, option, '(' or '!'); none means '.'.
    private static IEnumerable<ShellWord> FindStartPoints(IReadOnlyList<ShellWord> words)
    {
        var starts = words.Skip(1).TakeWhile(w => w.Unknown || !(w.Text.StartsWith('-') || w.Text is "(" or "!" or "\\(")).ToList();
        return starts.Count > 0 ? starts : [new ShellWord(".", false)];
    }

    private static string? Resolve(ShellWord word, string? directory, string? home) =>
        word.Unknown ? null : ShellCommandParser.ResolvePath(word.Text, directory, home);

    private static string? HostOf(string program, IReadOnlyList<ShellWord> operands)
    {
        foreach (var operand in operands)
        {
            if (!operand.Unknown && operand.Text.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(operand.Text, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
                return uri.Host.ToLowerInvariant();
        }
        foreach (var operand in operands)
        {
            if (operand.Unknown) return null;
            var text = operand.Text;
            if (text.StartsWith('@') || text.Contains("://", StringComparison.Ordinal)) continue;
            if (program is "scp" or "rsync" or "sftp")
            {
                var colon = text.IndexOf(':');
                if (colon <= 0) continue;
                text = text[..colon];
            }
            if (program is "curl" or "wget" && !text.Contains('.') && text != "localhost") continue;
            var host = text[(text.LastIndexOf('@') + 1)..].Split('/')[0];
            // host:port
            if (host.Count(c => c == ':') == 1) host = host[..host.IndexOf(':')];
            if (host.Length > 0) return host.ToLowerInvariant();
        }
        return null;
    }
}
