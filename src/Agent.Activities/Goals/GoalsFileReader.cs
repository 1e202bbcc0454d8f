using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Agent.Activities.Goals;

/// <summary>
/// Reads <c>agent.goals.yaml</c>. The YAML node model is walked by hand (rather than deserialized) so every error can
/// name the line it is on. Shape:
/// <code>
/// goals:
///   - id: tests-pass          # unique
///     title: All tests pass
///     weight: 2               # optional, default 1
///     targets:
///       - metric: tests.failed
///         max: 0              # or min: N
///     needs: [web.search]     # optional capability tags (capabilities.yaml)
///     children: [ ...goals... ]
/// </code>
/// </summary>
public sealed class GoalsFileReader
{
    private static readonly string[] GoalKeys = ["id", "title", "weight", "targets", "children", "needs"];
    private static readonly string[] TargetKeys = ["metric", "min", "max"];

    /// <summary>The goals of <paramref name="targetPath"/>: its goals file, or <see cref="DefaultGoals"/> when it has none.</summary>
    /// <exception cref="GoalsFileException">The file exists but is not a valid goals file.</exception>
    public Task<GoalTree> LoadAsync(string targetPath, CancellationToken cancellationToken) => LoadAsync(targetPath, null, cancellationToken);

    /// <summary>
    /// The goals of <paramref name="targetPath"/>, checking every <c>needs</c> tag with <paramref name="isKnownCapability"/>
    /// (e.g. the capability taxonomy's <c>IsKnown</c>); null checks only their form.
    /// </summary>
    /// <exception cref="GoalsFileException">The file exists but is not a valid goals file, or needs an unknown capability.</exception>
    public async Task<GoalTree> LoadAsync(string targetPath, Func<string, bool>? isKnownCapability, CancellationToken cancellationToken)
    {
        var file = Path.Combine(targetPath, GoalTree.FileName);
        if (!File.Exists(file)) return DefaultGoals.Create();
        var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        return Parse(text, file, isKnownCapability);
    }

    /// <summary>Parses goals text; <paramref name="file"/> names the source in errors and in <see cref="GoalTree.Source"/>.</summary>
    /// <exception cref="GoalsFileException">The text is not valid YAML or not a valid goals document.</exception>
    public GoalTree Parse(string text, string file) => Parse(text, file, null);

    /// <summary>Parses goals text, checking <c>needs</c> tags with <paramref name="isKnownCapability"/> when given.</summary>
    /// <exception cref="GoalsFileException">The text is not valid YAML or not a valid goals document.</exception>
    public GoalTree Parse(string text, string file, Func<string, bool>? isKnownCapability)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new GoalsFileException(file, (int)e.Start.Line, $"not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new GoalsFileException(file, 1, "expected a mapping with a 'goals' list at the top, e.g. 'goals:' followed by '- id: tests-pass'.");

        var context = new ParseContext(file, isKnownCapability);
        foreach (var key in root.Children.Keys)
        {
            if (Scalar(key) != "goals") throw context.Error(key, $"unknown key '{Scalar(key)}' at the top; only 'goals' is allowed.");
        }
        if (!root.Children.TryGetValue(new YamlScalarNode("goals"), out var goalsNode))
            throw context.Error(root, "missing 'goals': the file must have a 'goals' list at the top.");
        var roots = ReadGoals(goalsNode, context);
        if (roots.Count == 0) throw context.Error(goalsNode, "'goals' is empty; list at least one goal.");
        return new GoalTree(roots, file);
    }

    private static List<Goal> ReadGoals(YamlNode node, ParseContext context)
    {
        if (node is not YamlSequenceNode list) throw context.Error(node, "expected a list of goals (lines starting with '- id: ...').");
        return [.. list.Children.Select(child => ReadGoal(child, context))];
    }

    private static Goal ReadGoal(YamlNode node, ParseContext context)
    {
        if (node is not YamlMappingNode map) throw context.Error(node, "expected a goal: a mapping with 'id', 'title' and 'targets' or 'children'.");
        CheckKeys(map, GoalKeys, "goal", context);
        var id = RequiredScalar(map, "id", "goal", context);
        if (!context.GoalIds.Add(id)) throw context.Error(map, $"the goal id '{id}' is used twice; goal ids must be unique.");
        var title = OptionalScalar(map, "title") ?? id;
        var weight = 1.0;
        if (map.Children.TryGetValue(new YamlScalarNode("weight"), out var weightNode))
        {
            weight = Number(weightNode, "weight", context);
            if (weight <= 0) throw context.Error(weightNode, $"the weight of goal '{id}' must be greater than 0, not {weight}.");
        }
        var targets = map.Children.TryGetValue(new YamlScalarNode("targets"), out var targetsNode) ? ReadTargets(targetsNode, context) : [];
        var children = map.Children.TryGetValue(new YamlScalarNode("children"), out var childrenNode) ? ReadGoals(childrenNode, context) : [];
        if (targets.Count == 0 && children.Count == 0)
            throw context.Error(map, $"goal '{id}' has neither 'targets' nor 'children'; a goal must be measurable.");
        var needs = map.Children.TryGetValue(new YamlScalarNode("needs"), out var needsNode) ? ReadNeeds(needsNode, id, context) : [];
        return new Goal(id, title, weight, targets, children) { Needs = needs };
    }

    private static List<string> ReadNeeds(YamlNode node, string goalId, ParseContext context)
    {
        if (node is not YamlSequenceNode list) throw context.Error(node, $"'needs' of goal '{goalId}' must be a list of capability tags, e.g. [web.search].");
        var needs = new List<string>();
        foreach (var item in list.Children)
        {
            var tag = Scalar(item).Trim();
            if (tag.Length == 0 || tag.Any(char.IsWhiteSpace))
                throw context.Error(item, $"'{tag}' in 'needs' of goal '{goalId}' is not a capability tag; tags look like 'web.search' (see capabilities.yaml).");
            if (context.IsKnownCapability is { } known && !known(tag))
                throw context.Error(item, $"goal '{goalId}' needs unknown capability '{tag}'; use a tag from capabilities.yaml or add it there.");
            if (needs.Contains(tag, StringComparer.Ordinal)) throw context.Error(item, $"goal '{goalId}' lists '{tag}' twice in 'needs'.");
            needs.Add(tag);
        }
        return needs;
    }

    private static List<GoalTarget> ReadTargets(YamlNode node, ParseContext context)
    {
        if (node is not YamlSequenceNode list) throw context.Error(node, "expected a list of targets (lines starting with '- metric: ...').");
        return [.. list.Children.Select(child => ReadTarget(child, context))];
    }

    private static GoalTarget ReadTarget(YamlNode node, ParseContext context)
    {
        if (node is not YamlMappingNode map) throw context.Error(node, "expected a target: 'metric' with 'min' or 'max'.");
        CheckKeys(map, TargetKeys, "target", context);
        var metricNode = map.Children.TryGetValue(new YamlScalarNode("metric"), out var m) ? m : throw context.Error(map, "a target needs 'metric'.");
        var metric = Scalar(metricNode);
        if (MetricCatalog.Find(metric) is null)
            throw context.Error(metricNode, $"unknown metric '{metric}'. Known metrics: {MetricCatalog.KnownNames}.");
        var hasMin = map.Children.TryGetValue(new YamlScalarNode("min"), out var minNode);
        var hasMax = map.Children.TryGetValue(new YamlScalarNode("max"), out var maxNode);
        if (hasMin == hasMax) throw context.Error(map, $"the target on '{metric}' needs exactly one of 'min' or 'max'.");
        return hasMin
            ? new GoalTarget(metric, TargetComparison.AtLeast, Number(minNode!, "min", context))
            : new GoalTarget(metric, TargetComparison.AtMost, Number(maxNode!, "max", context));
    }

    private static void CheckKeys(YamlMappingNode map, string[] allowed, string what, ParseContext context)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = Scalar(key);
            if (!allowed.Contains(name, StringComparer.Ordinal))
                throw context.Error(key, $"unknown key '{name}' in a {what}; allowed: {string.Join(", ", allowed)}.");
        }
    }

    private static string RequiredScalar(YamlMappingNode map, string key, string what, ParseContext context) =>
        OptionalScalar(map, key) is { Length: > 0 } value ? value : throw context.Error(map, $"a {what} needs a non-empty '{key}'.");

    private static string? OptionalScalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value?.Trim() : null;

    private static double Number(YamlNode node, string key, ParseContext context) =>
        node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw context.Error(node, $"'{key}' must be a number, not '{(node as YamlScalarNode)?.Value ?? node.NodeType.ToString()}'.");

    private static string Scalar(YamlNode node) => (node as YamlScalarNode)?.Value ?? string.Empty;

    private sealed class ParseContext(string file, Func<string, bool>? isKnownCapability)
    {
        public Func<string, bool>? IsKnownCapability { get; } = isKnownCapability;

        public HashSet<string> GoalIds { get; } = new(StringComparer.Ordinal);

        public GoalsFileException Error(YamlNode node, string problem) => new(file, (int)node.Start.Line, problem);
    }
}
