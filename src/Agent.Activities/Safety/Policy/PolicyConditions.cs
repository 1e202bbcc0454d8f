using System.Text.RegularExpressions;

namespace Agent.Activities.Safety.Policy;

/// <summary>The action a rule's conditions look at: a whole action, or one simple command of a command line (or what it derives: a read, a write, a host).</summary>
/// <param name="Class">The action class.</param>
/// <param name="Tool">The Claude tool name.</param>
/// <param name="Paths">The absolute paths it touches (a file action's path; a command's operands); null entries are unknown.</param>
/// <param name="Command">The simple command, for command actions.</param>
/// <param name="Host">The host it reaches.</param>
/// <param name="Package">The package.</param>
/// <param name="Risk">The risk score.</param>
public sealed record PolicySubject(string Class, string? Tool, IReadOnlyList<string?> Paths, CommandFacts? Command, string? Host, string? Package, double? Risk);

/// <summary>What the conditions of one evaluation are measured against: the context with its folders normalised, the local time and the compiled protected paths.</summary>
public sealed class PolicyScope
{
    /// <summary>Prepares <paramref name="context"/> for one evaluation.</summary>
    public PolicyScope(PolicyContext context, TimeZoneInfo zone, string defaultHome, Func<string, PolicyGlob> compile)
    {
        Context = context;
        Worktree = Normalize(context.WorktreeRoot);
        Target = Normalize(context.TargetRoot);
        Home = Normalize(context.HomeDirectory) ?? defaultHome;
        LocalNow = TimeZoneInfo.ConvertTime(context.Now, zone);
        Protected = [.. (context.ProtectedPaths ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(compile)];
    }

    /// <summary>The context as given.</summary>
    public PolicyContext Context { get; }
    /// <summary>The worktree, absolute without a trailing separator.</summary>
    public string? Worktree { get; }
    /// <summary>The target, absolute without a trailing separator.</summary>
    public string? Target { get; }
    /// <summary>What <c>~</c> means.</summary>
    public string Home { get; }
    /// <summary>The decision's time in the policy's zone.</summary>
    public DateTimeOffset LocalNow { get; }
    /// <summary>The context's protected paths, compiled.</summary>
    public IReadOnlyList<PolicyGlob> Protected { get; }

    /// <summary>Resolves an action's path: <c>~</c>, and relative paths against the worktree (else the target).</summary>
    public string? Resolve(string? path) => string.IsNullOrWhiteSpace(path) ? null : ShellCommandParser.ResolvePath(path, Worktree ?? Target ?? "/", Home);

    /// <summary>Whether <paramref name="glob"/> matches the absolute <paramref name="path"/>.</summary>
    public bool Matches(PolicyGlob glob, string path) => glob.Anchor switch
    {
        GlobAnchor.Absolute => glob.IsMatch(path),
        GlobAnchor.Home => Relative(path, Home) is { } r && glob.IsMatch(r),
        GlobAnchor.Worktree => Relative(path, Worktree) is { } r && glob.IsMatch(r),
        GlobAnchor.Target => Relative(path, Target) is { } r && glob.IsMatch(r),
        _ => (Relative(path, Worktree) ?? Relative(path, Target)) is { } r ? glob.IsMatch(r) : glob.MatchesAnywhere && glob.IsMatch(path),
    };

    /// <summary><paramref name="path"/> relative to <paramref name="root"/> ('' for the root itself), or null when it is not inside.</summary>
    public static string? Relative(string path, string? root)
    {
        if (root is null) return null;
        if (path.Length == root.Length) return string.Equals(path, root, StringComparison.Ordinal) ? "" : null;
        if (root == "/") return path.StartsWith('/') ? path[1..] : null;
        return path.Length > root.Length && path[root.Length] == '/' && path.StartsWith(root, StringComparison.Ordinal) ? path[(root.Length + 1)..] : null;
    }

    private static string? Normalize(string? folder) => string.IsNullOrWhiteSpace(folder) ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) is { Length: > 0 } f ? f : "/";
}

/// <summary>One condition of a rule's <c>match</c>. Conditions are compiled when the policy loads; matching does no I/O.</summary>
public abstract class PolicyCondition(string key)
{
    /// <summary>The <c>match</c> key it came from.</summary>
    public string Key { get; } = key;

    /// <summary>Whether its patterns name things exactly (no wildcard): counts toward specificity.</summary>
    public virtual bool IsLiteral => false;

    /// <summary>Whether <paramref name="subject"/> meets it; <paramref name="why"/> says how, for <c>agent policy explain</c>.</summary>
    public abstract bool Matches(PolicySubject subject, PolicyScope scope, out string why);
}

/// <summary><c>action: command</c> or <c>action: [file.edit, file.read]</c>.</summary>
public sealed class ActionCondition(IReadOnlySet<string> classes) : PolicyCondition("action")
{
    /// <summary>The classes.</summary>
    public IReadOnlySet<string> Classes { get; } = classes;
    /// <inheritdoc />
    public override bool Matches(PolicySubject subject, PolicyScope scope, out string why)
    {
        why = $"action is {subject.Class}";
        return Classes.Contains(subject.Class);
    }
}

/// <summary><c>command: "Bash(git push:*)"</c> (or a list: any of them).</summary>
public sealed class CommandCondition(IReadOnlyList<CommandPattern> patterns) : PolicyCondition("command")
{
    /// <inheritdoc />
    public override bool IsLiteral => patterns.All(p => p.IsLiteral);
    /// <inheritdoc />
    public override bool Matches(PolicySubject subject, PolicyScope scope, out string why)
    {
        why = "";
        if (subject.Command is not { } command) return false;
        var hit = patterns.FirstOrDefault(p => p.IsMatch(command));
        if (hit is null) return false;
        why = $"'{command.Command.Text}' matches {hit.Text}";
        return true;
    }
}

/// <summary><c>paths: [...]</c>: a path (a command's operand) matches one of the globs; <c>${protected}</c> stands for the context's protected paths.</summary>
public sealed class PathsCondition(IReadOnlyList<PolicyGlob> globs, bool includesProtected) : PolicyCondition("paths")
{
    /// <inheritdoc />
    public override bool IsLiteral => !includesProtected && globs.All(g => g.IsLiteral);
    /// <inheritdoc />
    public override bool Matches(PolicySubject subject, PolicyScope scope, out string why)
    {
        why = "";
        foreach (var path in subject.Paths)
        {
            if (path is null) continue;
            if (globs.FirstOrDefault(g => scope.Matches(g, path)) is { } glob) { why = $"{path} matches {glob.Text}"; return true; }
            if (includesProtected && scope.Protected.FirstOrDefault(g => scope.Matches(g, path)) is { } p) { why = $"{path} is protected ({p.Text})"; return true; }
        }
        return false;
    }
}

/// <summary><c>outside: worktree</c> / <c>inside: [worktree, target]</c>. Unknown paths, and a missing root, count as outside.</summary>
public sealed class LocationCondition(bool outside, IReadOnlyList<string> roots) : PolicyCondition(outside ? "outside" : "inside")
{
    /// <summary>The root names a location condition accepts.</summary>
    public static readonly IReadOnlyList<string> RootNames = ["worktree", "target"];

    /// <inheritdoc />
    public override bool Matches(PolicySubject subject, PolicyScope scope, out string why)
    {
        why = "";
        if (subject.Paths.Count == 0) return false;
        var names = string.Join(" and the ", roots);
        foreach (var path in subject.Paths)
        {
            var inside = path is not null && roots.Any(r => PolicyScope.Relative(path, r == "worktree" ? scope.Worktree : scope.Target) is not null);
            if (outside && !inside) { why = $"{path ?? "a path only known when the command runs"} is outside the {names}"; return true; }
            if (!outside && !inside) return false;
        }
        why = $"every path is inside the {names}";
        return !outside;
    }
}

/// <summary>A glob on a string field: <c>tool: "mcp__*"</c>, <c>hosts: ["*.example.com"]</c>, <c>package: "npm:left-pad*"</c>.</summary>
public sealed class TextGlobCondition(string key, IReadOnlyList<string> patterns, Func<PolicySubject, string?> field) : PolicyCondition(key)
{
    private readonly Regex[] _regexes = [.. patterns.Select(p => new Regex("^" + Regex.Escape(p).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled))];
    /// <inheritdoc />
    public override bool IsLiteral => patterns.All(p => p.IndexOfAny(['*', '?']) < 0);
    /// <inheritdoc />
    public override bool Matches(PolicySubject subject, PolicyScope scope, out string why)
    {
        why = "";
        if (field(subject) is not { Length: > 0 } value) return false;
        for (var i = 0; i < _regexes.Length; i++)
            if (_regexes[i].IsMatch(value)) { why = $"{Key} '{value}' matches {patterns[i]}"; return true; }
        return false;
    }
}

/// <summary><c>taskType: fix-failing-test</c> or a list.</summary>
public sealed class TaskTypeCondition(IReadOnlySet<string> types) : PolicyCondition("taskType")
{
    /// <inheritdoc />
    public override bool IsLiteral => true;
    /// <inheritdoc />
    public override bool Matches(PolicySubject subject, PolicyScope scope, out string why)
    {
        why = $"the task type is {scope.Context.TaskType}";
        return scope.Context.TaskType is { } type && types.Contains(type);
    }
}

/// <summary><c>hours: "06:00-22:00"</c> (end exclusive; a window may wrap past midnight) in the policy's time zone.</summary>
public sealed class HoursCondition(HourWindows window) : PolicyCondition("hours")
{
    /// <inheritdoc />
    public override bool Matches(PolicySubject subject, PolicyScope scope, out string why)
    {
        var now = TimeOnly.FromDateTime(scope.LocalNow.DateTime);
        why = $"{now:HH\\:mm} is within {window}";
        return window.Contains(now);
    }
}

/// <summary><c>days: [mon, tue]</c> in the policy's time zone.</summary>
public sealed class DaysCondition(IReadOnlySet<DayOfWeek> days) : PolicyCondition("days")
{
    /// <inheritdoc />
    public override bool IsLiteral => true;
    /// <inheritdoc />
    public override bool Matches(PolicySubject subject, PolicyScope scope, out string why)
    {
        why = $"it is {scope.LocalNow.DayOfWeek}";
        return days.Contains(scope.LocalNow.DayOfWeek);
    }
}

/// <summary><c>risk: { above: 0.7 }</c> or <c>budget: { usedAbove: 0.8 }</c>: a number from the action or context compared with bounds (above is exclusive, below exclusive).</summary>
public sealed class ThresholdCondition(string key, double? above, double? below, Func<PolicySubject, PolicyScope, double?> value) : PolicyCondition(key)
{
    /// <inheritdoc />
    public override bool Matches(PolicySubject subject, PolicyScope scope, out string why)
    {
        var v = value(subject, scope);
        why = $"{Key} {v:0.###} is{(above is { } a ? $" above {a:0.###}" : "")}{(above is not null && below is not null ? " and" : "")}{(below is { } b ? $" below {b:0.###}" : "")}";
        return v is { } x && (above is not { } lo || x > lo) && (below is not { } hi || x < hi);
    }
}

/// <summary>
/// The condition of the evaluator's own <c>hidden-program</c> rule (not written in YAML): a command whose program name is
/// computed when the shell runs it. No rule can judge such a command, so it is denied like any unknown.
/// </summary>
public sealed class HiddenProgramCondition() : PolicyCondition("command")
{
    /// <summary>The rule every policy carries: deny, locked.</summary>
    public static PolicyRule Rule { get; } = new("hidden-program", [new ActionCondition(new HashSet<string> { PolicyActionClasses.Command }), new HiddenProgramCondition()],
        PolicyEffect.Deny, "The program's name is only known when the shell runs it ($(...), a variable, or commands piped into a shell), so no rule can judge it; write the command out.",
        locked: true, PolicyLayer.BuiltIn, "built-in (command parser)");

    /// <inheritdoc />
    public override bool Matches(PolicySubject subject, PolicyScope scope, out string why)
    {
        why = subject.Command is { } c ? $"the program of '{c.Command.Text}' is computed when it runs" : "";
        return subject.Command is { ProgramUnknown: true };
    }
}
