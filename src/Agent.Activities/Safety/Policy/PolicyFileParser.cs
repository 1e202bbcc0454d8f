using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Agent.Activities.Safety.Policy;

/// <summary>
/// Reads <c>agent.policy.yaml</c> into a <see cref="PolicyDocument"/>, compiling every glob and pattern once. The YAML
/// node model is walked by hand so every error names its line. See docs/safety/policy.md for the format.
/// </summary>
public sealed partial class PolicyFileParser
{
    private static readonly string[] TopKeys = ["version", "default", "timeZone", "rules"];
    private static readonly string[] RuleKeys = ["id", "match", "effect", "reason", "locked"];
    /// <summary>The keys a rule's <c>match</c> accepts.</summary>
    public static readonly IReadOnlyList<string> MatchKeys = ["action", "command", "paths", "outside", "inside", "tool", "hosts", "package", "taskType", "hours", "days", "risk", "budget"];
    private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday, ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["sun"] = DayOfWeek.Sunday,
    };

    /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> names it in errors and in each rule's source.</summary>
    /// <exception cref="PolicyFileException">Not YAML, or not a valid policy: the message names the file, the line and what to fix.</exception>
    public PolicyDocument Parse(string text, string source, PolicyLayer layer)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw Error(source, (int)e.Start.Line, $"not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw Error(source, 1, "expected a mapping at the top with 'version: 1' and a 'rules' list (see docs/safety/policy.md).");
        CheckKeys(root, TopKeys, "at the top of a policy", source);
        if (Child(root, "version") is { } version && Scalar(version) != "1")
            throw Error(source, version, $"unknown version '{Scalar(version)}'; this agent reads 'version: 1'.");
        PolicyEffect? defaultEffect = null;
        var defaultLine = 0;
        if (Child(root, "default") is { } defaultNode)
        {
            defaultEffect = Effect(defaultNode, source);
            defaultLine = (int)defaultNode.Start.Line;
        }
        TimeZoneInfo? zone = null;
        if (Child(root, "timeZone") is { } zoneNode)
        {
            try { zone = TimeZoneInfo.FindSystemTimeZoneById(Scalar(zoneNode)); }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
            {
                throw Error(source, zoneNode, $"unknown time zone '{Scalar(zoneNode)}'; use an IANA name such as UTC or Europe/Berlin.");
            }
        }
        var rules = new List<(PolicyRule, int)>();
        if (Child(root, "rules") is { } rulesNode)
        {
            if (rulesNode is YamlScalarNode { Value: null or "" }) { /* 'rules:' with nothing: no rules */ }
            else if (rulesNode is not YamlSequenceNode list) throw Error(source, rulesNode, "'rules' must be a list of rules, each starting with '- id: ...'.");
            else
            {
                var ids = new HashSet<string>(StringComparer.Ordinal);
                foreach (var node in list.Children)
                {
                    var rule = Rule(node, source, layer);
                    if (!ids.Add(rule.Id)) throw Error(source, node, $"the rule id '{rule.Id}' is used twice in this file; give each rule its own id.");
                    rules.Add((rule, (int)node.Start.Line));
                }
            }
        }
        return new PolicyDocument(source, layer, defaultEffect, defaultLine, zone, rules);
    }

    private static PolicyRule Rule(YamlNode node, string source, PolicyLayer layer)
    {
        if (node is not YamlMappingNode map) throw Error(source, node, "expected a rule: a mapping with 'id', 'match', 'effect' and 'reason'.");
        CheckKeys(map, RuleKeys, "in a rule", source);
        var idNode = Child(map, "id") ?? throw Error(source, map, "a rule needs an 'id' (e.g. 'id: no-push'); overrides refer to rules by it.");
        var id = Scalar(idNode);
        if (!RuleId().IsMatch(id)) throw Error(source, idNode, $"'{id}' is not a rule id; use letters, digits, '-', '_' and '.', e.g. no-push.");
        if (id == HiddenProgramCondition.Rule.Id) throw Error(source, idNode, $"the rule id '{id}' is reserved for the command parser's own rule; choose another id.");
        var effect = Child(map, "effect") is { } effectNode ? Effect(effectNode, source) : PolicyEffect.Deny;
        var locked = false;
        if (Child(map, "locked") is { } lockedNode)
        {
            locked = Scalar(lockedNode) switch
            {
                "true" => true,
                "false" => false,
                var other => throw Error(source, lockedNode, $"'locked' must be true or false, not '{other}'."),
            };
            if (locked && effect == PolicyEffect.Allow) throw Error(source, lockedNode, $"rule '{id}' is an allow rule; only deny, require-approval and require-consensus rules can be locked.");
        }
        var matchNode = Child(map, "match") ?? throw Error(source, map, $"rule '{id}' needs a 'match', e.g. 'match: {{ action: command, command: \"Bash(git push:*)\" }}'.");
        if (matchNode is not YamlMappingNode match || match.Children.Count == 0)
            throw Error(source, matchNode, $"the 'match' of rule '{id}' must be a mapping with at least one condition ({string.Join(", ", MatchKeys)}).");
        CheckKeys(match, [.. MatchKeys], $"in the match of rule '{id}'", source);
        var conditions = match.Children.Select(pair => Condition(Scalar(pair.Key), pair.Value, id, source)).ToList();
        var reason = Child(map, "reason") is { } reasonNode ? Scalar(reasonNode) : "";
        if (reason.Length == 0) reason = $"the policy rule '{id}' {PolicyEffects.Name(effect)}s this.";
        return new PolicyRule(id, conditions, effect, reason, locked, layer, $"{source}:{map.Start.Line}");
    }

    private static PolicyCondition Condition(string key, YamlNode node, string id, string source)
    {
        switch (key)
        {
            case "action":
                var classes = Strings(node, key, id, source);
                foreach (var (name, at) in classes)
                    if (!PolicyActionClasses.All.Contains(name)) throw Error(source, at, $"unknown action class '{name}' in rule '{id}'; use one of {string.Join(", ", PolicyActionClasses.All)}.");
                return new ActionCondition(classes.Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
            case "command":
                return new CommandCondition([.. Strings(node, key, id, source).Select(s => Compile(() => CommandPattern.Parse(s.Value), s.Node, id, source))]);
            case "paths":
                var paths = Strings(node, key, id, source);
                var globs = paths.Where(p => p.Value != "${protected}").Select(p => Compile(() => PolicyGlob.Compile(p.Value), p.Node, id, source)).ToList();
                return new PathsCondition(globs, paths.Count != globs.Count);
            case "outside" or "inside":
                var roots = Strings(node, key, id, source);
                foreach (var (name, at) in roots)
                    if (!LocationCondition.RootNames.Contains(name)) throw Error(source, at, $"'{key}: {name}' in rule '{id}' names no place; use worktree or target (or both: [worktree, target]).");
                return new LocationCondition(key == "outside", [.. roots.Select(r => r.Value)]);
            case "tool":
                return new TextGlobCondition(key, [.. Strings(node, key, id, source).Select(s => s.Value)], s => s.Tool);
            case "hosts":
                return new TextGlobCondition(key, [.. Strings(node, key, id, source).Select(s => s.Value)], s => s.Host);
            case "package":
                return new TextGlobCondition(key, [.. Strings(node, key, id, source).Select(s => s.Value)], s => s.Package);
            case "taskType":
                return new TaskTypeCondition(Strings(node, key, id, source).Select(s => s.Value).ToHashSet(StringComparer.Ordinal));
            case "hours":
                var window = HoursWindow().Match(Scalar(node));
                if (node is not YamlScalarNode || !window.Success || !TimeOnly.TryParseExact(window.Groups[1].Value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                    || !TimeOnly.TryParseExact(window.Groups[2].Value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) || from == to)
                    throw Error(source, node, $"'hours' of rule '{id}' must be a window like \"06:00-22:00\" (24-hour HH:mm, end exclusive, may wrap past midnight), not '{Scalar(node)}'.");
                return new HoursCondition(HourWindows.Single(from, to, Scalar(node)));
            case "days":
                var days = new HashSet<DayOfWeek>();
                foreach (var (name, at) in Strings(node, key, id, source))
                    days.Add(Days.TryGetValue(name, out var day) ? day : throw Error(source, at, $"'{name}' in the days of rule '{id}' is not a day; use mon, tue, wed, thu, fri, sat, sun."));
                return new DaysCondition(days);
            case "risk":
                var (above, below) = Bounds(node, "above", "below", key, id, source);
                return new ThresholdCondition(key, above, below, (s, _) => s.Risk);
            default: // budget
                var (usedAbove, usedBelow) = Bounds(node, "usedAbove", "usedBelow", key, id, source);
                return new ThresholdCondition(key, usedAbove, usedBelow, (_, scope) => scope.Context.BudgetUsedFraction);
        }
    }

    private static T Compile<T>(Func<T> compile, YamlNode node, string id, string source)
    {
        try { return compile(); }
        catch (FormatException e) { throw Error(source, node, $"in rule '{id}': {e.Message}"); }
    }

    private static (double? Lower, double? Upper) Bounds(YamlNode node, string lowerKey, string upperKey, string key, string id, string source)
    {
        if (node is not YamlMappingNode map || map.Children.Count == 0)
            throw Error(source, node, $"'{key}' of rule '{id}' must be a mapping like {{ {lowerKey}: 0.7 }} (and/or {upperKey}).");
        CheckKeys(map, [lowerKey, upperKey], $"in the {key} of rule '{id}'", source);
        return (Child(map, lowerKey) is { } l ? Fraction(l, key, id, source) : null, Child(map, upperKey) is { } u ? Fraction(u, key, id, source) : null);
    }

    private static double Fraction(YamlNode node, string key, string id, string source) =>
        double.TryParse(Scalar(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
            ? value
            : throw Error(source, node, $"the {key} bound of rule '{id}' must be a number from 0 to 1, not '{Scalar(node)}'.");

    private static List<(string Value, YamlNode Node)> Strings(YamlNode node, string key, string id, string source)
    {
        var items = node is YamlSequenceNode list ? list.Children.ToList() : [node];
        if (items.Count == 0) throw Error(source, node, $"'{key}' of rule '{id}' is an empty list; give at least one value or remove the key.");
        var values = new List<(string, YamlNode)>();
        foreach (var item in items)
        {
            if (item is not YamlScalarNode { Value: { Length: > 0 } value }) throw Error(source, item, $"'{key}' of rule '{id}' must be a text or a list of texts.");
            values.Add((value.Trim(), item));
        }
        return values;
    }

    private static PolicyEffect Effect(YamlNode node, string source) =>
        PolicyEffects.Parse(Scalar(node)) ?? throw Error(source, node, $"unknown effect '{Scalar(node)}'; use allow, deny, require-approval or require-consensus.");

    private static void CheckKeys(YamlMappingNode map, IReadOnlyList<string> allowed, string where, string source)
    {
        foreach (var key in map.Children.Keys)
            if (!allowed.Contains(Scalar(key))) throw Error(source, key, $"unknown key '{Scalar(key)}' {where}; allowed: {string.Join(", ", allowed)}.");
    }

    private static YamlNode? Child(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string Scalar(YamlNode node) => (node as YamlScalarNode)?.Value?.Trim() ?? "";

    private static PolicyFileException Error(string source, YamlNode node, string problem) => Error(source, (int)node.Start.Line, problem);

    private static PolicyFileException Error(string source, int line, string problem) => new($"{source}:{line}: {problem}", source, line);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex RuleId();

    [GeneratedRegex(@"^\s*(\d\d:\d\d)\s*-\s*(\d\d:\d\d)\s*$")]
    private static partial Regex HoursWindow();
}
